/**
 * The take's audio on the one clock: every chunk the generation worker streams becomes a Tone
 * Player synced to the Transport at its place on the timeline, so the take plays with the video
 * (which follows the Transport, clock.ts) while the rest is still being written — and a chunk
 * that arrives after its time has passed starts at once from the right offset (Tone's synced
 * sources do that). The samples are kept for Export WAV. A meter on the take's bus says whether
 * it sounds.
 */
import * as Tone from 'tone';
import type { Seconds } from '../../engine/project/types.ts';

let players: Tone.Player[] = [];
let bus: Tone.Gain | null = null;
let meter: Tone.Meter | null = null;
let start: Seconds = 0;
let rate = 32000;
let samples = new Float32Array(0);
let length = 0;

function output(): Tone.Gain {
  if (!bus) {
    meter = new Tone.Meter({ smoothing: 0.6 });
    bus = new Tone.Gain(1).toDestination();
    bus.connect(meter);
  }
  return bus;
}

/** Drop the old take: a new one starts at `at` on the timeline, at `sampleRate`. */
export function resetTake(at: Seconds, sampleRate: number): void {
  for (const p of players) p.unsync().dispose();
  players = [];
  start = at;
  rate = sampleRate;
  samples = new Float32Array(sampleRate * 10);
  length = 0;
}

/** Samples `chunk` from sample `at` of the take: kept, and scheduled on the Transport. */
export function addTakeChunk(at: number, chunk: Float32Array): void {
  if (at + chunk.length > samples.length) {
    const grown = new Float32Array(Math.max(2 * samples.length, at + chunk.length));
    grown.set(samples.subarray(0, length));
    samples = grown;
  }
  samples.set(chunk, at);
  length = Math.max(length, at + chunk.length);
  const buffer = Tone.getContext().createBuffer(1, chunk.length, rate);
  buffer.copyToChannel(chunk as Float32Array<ArrayBuffer>, 0);
  const player = new Tone.Player(new Tone.ToneAudioBuffer(buffer)).connect(output());
  player.sync().start(start + at / rate);
  players.push(player);
}

/** The take so far, at its own rate (for Export WAV). */
export function takeSamples(): Float32Array {
  return samples.slice(0, length);
}

/** The take's level now, in dB (−Infinity when silent or before any take). */
export function takeLevel(): number {
  const v = meter?.getValue();
  return typeof v === 'number' ? v : -Infinity;
}
