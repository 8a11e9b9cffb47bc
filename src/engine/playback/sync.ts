/**
 * One clock: the audio clock (Tone.js Transport on the AudioContext) is the master; the <video>
 * element follows it. The audio clock cannot be nudged without glitches, the video can: a small
 * drift is absorbed by a slightly faster or slower playbackRate (invisible), a large one (after a
 * loop jump, a stall, a tab switch) by a seek.
 */
import { chordTones, parseChord, type ChordSegment } from '../harmony/symbols.ts';
import { beatTimes } from '../rhythm/beatgrid.ts';
import type { Note, RhythmLane, Seconds, Settings } from '../project/types.ts';

/** Above this the video jumps to the clock; a seek costs a decoder flush, so not for small drifts. */
export const SEEK_DRIFT = 0.25;
/** Below this the video is in sync (one 25 fps frame is 0.04 s). */
export const SYNC_DRIFT = 0.03;
/** Largest rate change used to catch up: ±5 % is not heard (pitch is preserved) nor seen. */
export const MAX_RATE_NUDGE = 0.05;

export interface VideoCorrection {
  readonly seekTo: Seconds | null;
  readonly rate: number;
}

/**
 * What to do to the video so it shows `clock` time. drift = video − clock; a video ahead plays
 * slower, one behind plays faster, proportionally so it converges in about a second. The rate
 * follows `smoothed` drift (see smoothDrift) when given, the seek decision the raw one.
 */
export function correctVideo(video: Seconds, clock: Seconds, smoothed?: Seconds): VideoCorrection {
  if (Math.abs(video - clock) > SEEK_DRIFT) return { seekTo: clock, rate: 1 };
  const drift = smoothed ?? video - clock;
  if (Math.abs(drift) < SYNC_DRIFT) return { seekTo: null, rate: 1 };
  const nudge = Math.max(-MAX_RATE_NUDGE, Math.min(MAX_RATE_NUDGE, -drift));
  return { seekTo: null, rate: 1 + nudge };
}

/**
 * video.currentTime advances in whole frames (40 ms at 25 fps), so the raw drift is a sawtooth;
 * rate changes follow its running mean instead (about 7 display frames), which stops the rate
 * flapping between 1 and 1.05 on every frame. null = start afresh (after a seek).
 */
export function smoothDrift(prev: Seconds | null, drift: Seconds, weight = 0.15): Seconds {
  return prev === null ? drift : prev + weight * (drift - prev);
}

/** The loop region playback should honour, or null: enabled, inside the timeline, and ≥ 0.1 s. */
export function activeLoop(settings: Settings, duration: Seconds): { start: Seconds; end: Seconds } | null {
  if (!settings.loopEnabled || !settings.loop) return null;
  const start = Math.max(0, Math.min(settings.loop.start, settings.loop.end));
  const end = Math.min(duration, Math.max(settings.loop.start, settings.loop.end));
  return end - start >= 0.1 ? { start, end } : null;
}

/** Where pressing play starts: at the playhead, but inside the loop when one is active, and at 0 at the end. */
export function startTime(t: Seconds, duration: Seconds, loop: { start: Seconds; end: Seconds } | null): Seconds {
  if (loop) return t >= loop.start && t < loop.end ? t : loop.start;
  return t >= duration - 0.01 ? 0 : Math.max(0, t);
}

const NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** The melody lane's pitch class as the note the audition synth plays (octave 4, C4 = middle C). */
export function auditionNote(pitch: number): string {
  return `${NAMES[((Math.round(pitch) % 12) + 12) % 12]}4`;
}

export interface AuditionEvent {
  readonly time: Seconds;
  readonly note: string;
  readonly duration: Seconds;
}

/** The melody lane as synth events; the end is shortened a hair so repeated notes re-attack. */
export function melodyEvents(notes: readonly Note[]): AuditionEvent[] {
  return notes.map((n) => ({ time: n.start, note: auditionNote(n.pitch), duration: Math.max(0.03, n.end - n.start - 0.01) }));
}

export interface ChordEvent {
  readonly time: Seconds;
  /** The chord's tones as note names, root in octave 3 and the rest stacked above it. */
  readonly notes: readonly string[];
  readonly duration: Seconds;
}

/** A chord label as the notes "Hear chords" plays (close position over the root; "N" is silent). */
export function chordVoicing(label: string): string[] {
  const chord = parseChord(label);
  if (!chord) return [];
  const root = 48 + chord.root; // C3 = MIDI 48
  return chordTones(chord).map((pc) => {
    const midi = root + ((pc - chord.root + 12) % 12);
    return `${NAMES[midi % 12]}${Math.floor(midi / 12) - 1}`;
  });
}

/** The harmony lane's chords as synth events, shortened a hair so a repeated chord re-attacks. */
export function chordEvents(chords: readonly ChordSegment[]): ChordEvent[] {
  return chords
    .map((c) => ({ time: c.start, notes: chordVoicing(c.label), duration: Math.max(0.03, c.end - c.start - 0.01) }))
    .filter((e) => e.notes.length > 0);
}

export interface Click {
  readonly time: Seconds;
  readonly note: string;
  /** 0..1: downbeats full, other beats half, so the bar is heard. */
  readonly velocity: number;
}

/** The metronome: one click per beat of the rhythm lane (grid plus hand edits), downbeats accented higher and louder. */
export function metronomeClicks(lane: RhythmLane, duration: Seconds): Click[] {
  return beatTimes(lane, duration).map((b) => (b.downbeat ? { time: b.t, note: 'A5', velocity: 1 } : { time: b.t, note: 'E5', velocity: 0.5 }));
}

/** A clock's tick-rate signal: seconds ↔ ticks (Tone's TickSignal). */
export interface TickFrequency { getTicksAtTime(t: number): number; getTimeOfTick(ticks: number): number }

/**
 * The first start time at or after `at` whose tick survives the clock's round trip. Tone's clock
 * finds a segment's first tick as getTimeOfTick(getTicksAtTime(start)) and skips it when that
 * comes back below the start (TickSource.forEachTickBetween, tone 15.5): for about one start time
 * in twelve the floating-point round trip lands 1 ulp early (−4.4e-16 s, measured in the studio),
 * the tick at the Transport's start is never processed, and everything scheduled on it — a take's
 * Player at 0, the metronome's first click — stays silent for the whole Play (Tone.js issues #1294,
 * #365). Moving the start up by a few ulps until the round trip holds is inaudible and makes that
 * tick fire every time. Without the signal (`f` null) the time is returned as it is.
 */
export function tickSafeStart(at: number, f: TickFrequency | null): number {
  if (!f) return at;
  let t = at;
  for (let i = 0; i < 64 && f.getTimeOfTick(f.getTicksAtTime(t)) < t; i++) {
    t += Math.max(Number.EPSILON * Math.abs(t), Number.MIN_VALUE) * 2 ** Math.min(i, 20);
  }
  return t;
}
