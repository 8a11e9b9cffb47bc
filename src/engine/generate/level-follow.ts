/**
 * "Level follows the intensity lane": a gain stage after the codec that rides the take's level
 * towards the intensity lane, as a mixer's fader automation would (docs/generation.md, "Level
 * follow"). The model writes the music's dynamics — the swell, the density, the playing — and
 * follows large moves of the lane (created curves: intensity PCC 0.92), but its level wanders a
 * few dB around a lane that moves little (held-out clips' own curves: PCC 0.62, RMSE 5.7 dB,
 * docs/evaluation.md); the stage takes the remaining distance, within ±LEVEL_FOLLOW limits.
 *
 * Causal and stateful: audio goes through in order, in chunks of any size, and the result does
 * not depend on how it was cut (a streamed take equals the same take processed whole). Where the
 * lane is free the gain returns to 0 dB; near-silence is never boosted (no noise floor pumped up).
 */
import type { Controls } from '../controls/types.ts';

export const LEVEL_FOLLOW = {
  /** Most the stage raises or lowers the level (dB). */
  maxBoostDb: 12,
  maxCutDb: 18,
  /** A frame's level: the mean square over the last `windowS` (s), in dB, as the engine's 128 ms frames. */
  windowS: 0.12,
  /**
   * The level the gain answers: frame levels averaged over ± `lookS` (s) around the frame — centred,
   * as the engine's intensity is (a 1 s fit around each frame), so the gain does not lag the music.
   * It is also the stage's delay: a frame leaves once the audio `lookS` after it has come in.
   */
  lookS: 0.3,
  /** Below this level (dBFS) the take is taken for silence: the gain may cut, never boost. */
  silenceDb: -65,
  /** Sample magnitude the output never passes. */
  ceiling: 0.98,
} as const;

export interface LevelTarget {
  /** The lane's level (dBFS) at a frame, or null where the lane is free (no instruction). */
  at(frame: number): number | null;
  readonly frameRate: number;
}

/** The intensity lane's target from encoded controls: values in dBFS, mask 0 where free. */
export function intensityTarget(c: Controls): LevelTarget {
  const { values, mask } = c.intensity;
  const last = c.frames - 1;
  return {
    frameRate: c.rate.frameRate,
    at: (f) => {
      const t = Math.min(Math.max(0, f), last);
      return last >= 0 && mask[t] > 0 ? values[t] : null;
    },
  };
}

/** True when the lane says anything inside [first, first + frames): otherwise the stage has nothing to do. */
export function hasTarget(c: Controls, first = 0, frames = c.frames): boolean {
  for (let t = Math.max(0, first); t < Math.min(c.frames, first + frames); t++) if (c.intensity.mask[t] > 0) return true;
  return false;
}

/**
 * The stage. `push` takes the take's audio in order, in chunks of any size, and gives back the
 * audio `lookS` behind it, with the gain applied; `flush` gives the rest at the end. Blocks are
 * the control frames (from `start`, the take's first sample in the clip, on a frame's edge).
 */
export class LevelFollower {
  private readonly block: number;
  private readonly look: number; // frames
  private readonly ring: Float64Array; // Σx² of the last frames
  private readonly firstFrame: number;
  private held = new Float32Array(0); // audio in, not yet out
  private sum = 0; // Σx² of the frame being read
  private inFrame = 0; // samples of it read
  private readonly levels: number[] = []; // each whole frame's level (dBFS), from the first
  private out = 0; // frames given back
  private gainDb = 0; // the gain at the end of the last frame given back

  constructor(private readonly target: LevelTarget, private readonly sampleRate: number, start = 0) {
    this.block = Math.max(1, Math.round(sampleRate / target.frameRate));
    this.look = Math.max(0, Math.round(LEVEL_FOLLOW.lookS * target.frameRate));
    this.ring = new Float64Array(Math.max(1, Math.round((LEVEL_FOLLOW.windowS * sampleRate) / this.block)));
    this.firstFrame = Math.round(start / this.block);
  }

  /** The audio `x` in; what can leave now out (shorter by the look-ahead, over the whole take). */
  push(x: Float32Array): Float32Array {
    for (let i = 0; i < x.length; i++) {
      this.sum += x[i] * x[i];
      if (++this.inFrame === this.block) this.endFrame();
    }
    const all = new Float32Array(this.held.length + x.length);
    all.set(this.held);
    all.set(x, this.held.length);
    this.held = all;
    return this.emit(this.levels.length - this.look);
  }

  /** The end of the take: everything held, the last frames judged on what there is. */
  flush(): Float32Array {
    if (this.inFrame > 0) this.endFrame();
    return this.emit(Infinity);
  }

  /** The gain given back last (dB): for tests and the run's summary. */
  get gain(): number {
    return this.gainDb;
  }

  private endFrame(): void {
    const n = this.levels.length, R = this.ring.length;
    this.ring[n % R] = this.sum;
    let total = 0;
    const k = Math.min(n + 1, R);
    for (let j = 0; j < k; j++) total += this.ring[(n - j + R) % R];
    // a partial last frame counts its own samples, not a whole frame's
    const samples = (k - 1) * this.block + this.inFrame;
    this.levels.push(10 * Math.log10(Math.max(total / samples, 1e-10)));
    this.sum = 0;
    this.inFrame = 0;
  }

  /** Gives back frames [out, until) from `held`, each ramping from the last gain to its own. */
  private emit(until: number): Float32Array {
    const L = LEVEL_FOLLOW, B = this.block, n = this.levels.length;
    const last = Math.min(until, n);
    const length = Math.min(this.held.length, Math.max(0, last - this.out) * B);
    const y = this.held.subarray(0, length);
    for (let f = this.out, at = 0; at < length; f++) {
      let s = 0, c = 0;
      for (let j = Math.max(0, f - this.look); j <= Math.min(n - 1, f + this.look); j++) { s += this.levels[j]; c++; }
      const level = s / c;
      const want = this.target.at(this.firstFrame + f);
      let goal = want === null ? 0 : Math.min(L.maxBoostDb, Math.max(-L.maxCutDb, want - level));
      if (level < L.silenceDb) goal = Math.min(goal, 0);
      const g0 = 10 ** (this.gainDb / 20), g1 = 10 ** (goal / 20), m = Math.min(B, length - at);
      for (let k = 0; k < m; k++) {
        const v = y[at + k] * (g0 + ((g1 - g0) * (k + 1)) / B);
        y[at + k] = v > L.ceiling ? L.ceiling : v < -L.ceiling ? -L.ceiling : v;
      }
      this.gainDb = goal;
      at += m;
      this.out = f + 1;
    }
    const out = y.slice();
    this.held = this.held.slice(length);
    return out;
  }
}

/** The whole take through the stage at once (the eval, the CLI): the same audio a stream gets. */
export function followLevel(x: Float32Array, target: LevelTarget, sampleRate: number, start = 0): Float32Array {
  const f = new LevelFollower(target, sampleRate, start);
  const a = f.push(x), b = f.flush();
  const y = new Float32Array(a.length + b.length);
  y.set(a);
  y.set(b, a.length);
  return y;
}
