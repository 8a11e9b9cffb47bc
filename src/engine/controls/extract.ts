/**
 * Extracted controls: mono audio at the model rate → the four controls plus the beat grid
 * they were built from. Pure and synchronous; the CLI, the worker and the tests call this.
 */
import { HARMONY_DIM } from './harmony.ts';
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
}

/** Extract controls from mono samples at `rate.sampleRate` (resample first: audio/prepare.ts). */
export function extractControls(samples: Float32Array, rate: ControlRate = DEFAULT_RATE): Extraction {
  return extractFromFeatures(analyse(samples, rate), samples.length / rate.sampleRate);
}

/** The same from an analysis already made (metrics/pitch.ts also reads its chroma). */
export function extractFromFeatures(f: AudioFeatures, duration: number): Extraction {
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
  const controls: Controls = {
    rate,
    frames: f.frames,
    rhythm,
    intensity: extractIntensity(f),
    melody: extractMelody(f),
    emotion: extractEmotion(f, beats.map((b) => b.t), env),
    // chord recognition (engine/harmony) fills this; until then no instruction
    harmony: emptyTrack(f.frames, HARMONY_DIM),
  };
  return { controls, duration, bpm, beatsPerBar, beats };
}
