/**
 * The take's audio on the one clock: every chunk the generation worker streams becomes a Tone
 * Player synced to the Transport at its place on the timeline, so the take plays with the video
 * (which follows the Transport, clock.ts) while the rest is still being written — and a chunk
 * that arrives after its time has passed starts at once from the right offset (Tone's synced
 * sources do that). The samples are kept for Export WAV. A meter on the take's bus says whether
 * it sounds.
 *
 * A/B: the take heard before stays on the clock beside the one heard now, muted — both are synced
 * to the same Transport, so they run at the same position all the time, and switching is a gain
 * crossfade of a few milliseconds: no gap, no seek, no re-scheduling while playing.
 *
 * Whenever the Transport (re)starts, a take's chunks are merged into one Player (settleTakes):
 * a synced Player that starts later than the Transport is started from the main thread, which on
 * a busy machine is late by tens of milliseconds — the chunk then plays late, and the two takes
 * of an A/B drift apart. One Player per take starts with the Transport, on the audio clock.
 */
import * as Tone from 'tone';
import type { Seconds } from '../../engine/project/types.ts';

/** A/B switch time: long enough not to click, short enough to hear the difference at once. */
const SWITCH_SECONDS = 0.02;

interface Voice {
  readonly id: string;
  readonly start: Seconds;
  readonly rate: number;
  readonly gain: Tone.Gain;
  players: Tone.Player[];
  samples: Float32Array;
  length: number;
}

let bus: Tone.Gain | null = null;
let meter: Tone.Meter | null = null;
/** The take heard now, and the one heard before it (muted, kept in step for A/B). */
let heard: Voice | null = null;
let other: Voice | null = null;

function output(): Tone.Gain {
  if (!bus) {
    meter = new Tone.Meter({ smoothing: 0.6 });
    bus = new Tone.Gain(1).toDestination();
    bus.connect(meter);
  }
  return bus;
}

function dispose(v: Voice | null): void {
  if (!v) return;
  for (const p of v.players) p.unsync().dispose();
  v.gain.dispose();
}

/** Equal-power fade of `v` to `to` (0 or 1), starting at `at` on the audio clock. */
function fade(v: Voice, to: 0 | 1, at: number): void {
  const param = v.gain.gain;
  const curve = Array.from({ length: 16 }, (_, i) => {
    const x = i / 15;
    return to === 1 ? Math.sin((x * Math.PI) / 2) : Math.cos((x * Math.PI) / 2);
  });
  param.cancelScheduledValues(at);
  param.setValueCurveAtTime(curve, at, SWITCH_SECONDS);
}

/**
 * A new take `id` starts at `at` on the timeline, at `sampleRate`: it is heard from now on, and
 * the take heard until now stays beside it, muted, for A/B.
 */
export function resetTake(at: Seconds, sampleRate: number, id: string): void {
  dispose(other);
  other = heard;
  if (other) {
    other.gain.gain.cancelScheduledValues(0);
    other.gain.gain.value = 0;
  }
  heard = { id, start: at, rate: sampleRate, gain: new Tone.Gain(1).connect(output()), players: [], samples: new Float32Array(sampleRate * 10), length: 0 };
}

function schedule(v: Voice, at: number, chunk: Float32Array): void {
  const buffer = Tone.getContext().createBuffer(1, chunk.length, v.rate);
  buffer.copyToChannel(chunk as Float32Array<ArrayBuffer>, 0);
  const player = new Tone.Player(new Tone.ToneAudioBuffer(buffer)).connect(v.gain);
  player.sync().start(v.start + at / v.rate);
  v.players.push(player);
}

/** Samples `chunk` from sample `at` of the take heard now: kept, and scheduled on the Transport. */
export function addTakeChunk(at: number, chunk: Float32Array): void {
  const v = heard;
  if (!v) throw new Error('addTakeChunk before resetTake');
  if (at + chunk.length > v.samples.length) {
    const grown = new Float32Array(Math.max(2 * v.samples.length, at + chunk.length));
    grown.set(v.samples.subarray(0, v.length));
    v.samples = grown;
  }
  v.samples.set(chunk, at);
  v.length = Math.max(v.length, at + chunk.length);
  schedule(v, at, chunk);
}

/**
 * One Player per take, from the samples so far: called by the clock while the Transport is stopped,
 * just before it starts. Chunks that arrive later are scheduled after it as before.
 */
export function settleTakes(): void {
  for (const v of [heard, other]) {
    if (!v || v.players.length <= 1) continue;
    for (const p of v.players) p.unsync().dispose();
    v.players = [];
    schedule(v, 0, v.samples.subarray(0, v.length));
  }
}

/**
 * Put take `id` on the clock beside the one heard, muted, ready for A/B (a restored list: the take
 * B goes to is loaded before B is pressed, so even the first switch has no gap).
 */
export function placeBeside(id: string, at: Seconds, sampleRate: number, samples: Float32Array): void {
  if (!heard || heard.id === id) return;
  dispose(other);
  other = { id, start: at, rate: sampleRate, gain: new Tone.Gain(0).connect(output()), players: [], samples, length: samples.length };
  schedule(other, 0, samples);
}

/** The id of the muted take that A/B switches to without a gap, or null. */
export function takeBeside(): string | null {
  return other?.id ?? null;
}

/**
 * Hear take `id` if it is the one beside (A/B): a short crossfade at the current position, the
 * two swap places. False when it is not on the clock (the caller brings it in with bringIn).
 */
export function switchToTake(id: string): boolean {
  if (heard?.id === id) return true;
  if (!heard || other?.id !== id) return false;
  swap(Tone.immediate());
  return true;
}

/** The take beside becomes the one heard: the crossfade starts at `at` on the audio clock. */
function swap(at: number): void {
  const was = heard!;
  heard = other!;
  other = was;
  fade(other, 0, at);
  fade(heard, 1, at);
}

/**
 * Hear take `id`, which is not on the clock (a take further down the list than the one beside):
 * it is put beside the one heard, muted (the take beside until now leaves), and crossfaded in as
 * A/B does. Its Player, synced to a running Transport, starts at Tone's now (lookAhead after the
 * audio clock) at the Transport's position then, so the crossfade starts at now too: from the
 * audio clock's immediate, as for a take already playing beside, the take heard would fade out
 * before this one sounds — a gap. Without a take heard, it simply becomes the one heard.
 */
export function bringIn(id: string, at: Seconds, sampleRate: number, samples: Float32Array): void {
  if (!heard) {
    resetTake(at, sampleRate, id);
    addTakeChunk(0, samples);
    return;
  }
  placeBeside(id, at, sampleRate, samples);
  swap(Tone.now());
}

/** The take heard now, at its own rate (for Export WAV). */
export function takeSamples(): Float32Array {
  return heard ? heard.samples.slice(0, heard.length) : new Float32Array(0);
}

/** The take's level now, in dB (−Infinity when silent or before any take). */
export function takeLevel(): number {
  const v = meter?.getValue();
  return typeof v === 'number' ? v : -Infinity;
}
