/**
 * Extracted controls: mono audio at the model rate → the five controls plus the beat grid, key
 * and chords they were built from. Pure and synchronous; the CLI, the worker and the tests call this.
 */
import { recogniseChords, type RecognitionOptions } from '../harmony/recognise.ts';
import type { ChordSegment, Key } from '../harmony/symbols.ts';
import { encodeChords } from './harmony.ts';
import { analyse, type AudioFeatures } from './features.ts';
import { beatStrength, trackBeats } from './beats.ts';
import { findDownbeats } from './downbeats.ts';
import { extractEmotion } from './emotion.ts';
import { extractIntensity } from './intensity.ts';
import { extractMelody } from './melody.ts';
import { encodeBeats, type TimedBeat } from './rhythm-kernel.ts';
import { onsetEnvelope, trackTempo } from './tempo.ts';
import { type ControlRate, type Controls, DEFAULT_RATE, emptyTrack } from './types.ts';

export interface Extraction {
  readonly controls: Controls;
  /** Seconds of audio analysed. */
  readonly duration: number;
  /** Median tempo (BPM); 0 when no beat was found. */
  readonly bpm: number;
  readonly beatsPerBar: number;
  readonly beats: readonly TimedBeat[];
  /** The key recognised from the chroma; null when nothing pitched sounds. */
  readonly key: Key | null;
  /** Recognised chords tiling the clip ("N" over silence and unpitched sound). */
  readonly chords: readonly ChordSegment[];
}

/** Extract controls from mono samples at `rate.sampleRate` (resample first: audio/prepare.ts). */
export function extractControls(
  samples: Float32Array,
  rate: ControlRate = DEFAULT_RATE,
  recognition: Partial<RecognitionOptions> = {},
): Extraction {
  return extractFromFeatures(analyse(samples, rate), samples.length / rate.sampleRate, recognition);
}

/** The same from an analysis already made (metrics/pitch.ts also reads its chroma). */
export function extractFromFeatures(f: AudioFeatures, duration: number, recognition: Partial<RecognitionOptions> = {}): Extraction {
  const rate = f.rate;
  const env = onsetEnvelope(f.onset, f.onsetRate);
  const lowEnv = onsetEnvelope(f.lowOnset, f.onsetRate);
  const tempo = trackTempo(env, f.onsetRate);
  const beatFrames = trackBeats(env, tempo.period);
  const { beatsPerBar, downbeat } = findDownbeats(
    beatFrames.map((b) => beatStrength(env, b)),
    beatFrames.map((b) => beatStrength(lowEnv, b)),
  );
  const beats: TimedBeat[] = beatFrames.map((b, i) => ({ t: b / f.onsetRate, downbeat: downbeat[i] }));

  const rhythm = emptyTrack(f.frames, 1);
  encodeBeats(beats, rate.frameRate, rhythm.values);
  rhythm.mask.fill(1);

  let bpm = 0;
  if (beats.length >= 2) {
    const ibi = beats.slice(1).map((b, i) => b.t - beats[i].t).sort((a, b) => a - b);
    bpm = 60 / ibi[ibi.length >> 1];
  }
  const harmony = recogniseChords(
    { chroma: f.chroma, bassChroma: f.bassChroma, levelDb: f.levelDb, frameRate: rate.frameRate, beats: beats.map((b) => b.t), downbeats: beats.filter((b) => b.downbeat).map((b) => b.t) },
    recognition,
  );
  const controls: Controls = {
    rate,
    frames: f.frames,
    rhythm,
    intensity: extractIntensity(f),
    melody: extractMelody(f),
    emotion: extractEmotion(f, beats.map((b) => b.t), env),
    // every frame instructs: a chord, or "N" (all zero) over silence and unpitched sound
    harmony: encodeChords(harmony.chords, f.frames, rate.frameRate),
  };
  return { controls, duration, bpm, beatsPerBar, beats, key: harmony.key, chords: harmony.chords };
}
