/** The level stage after the codec: it rides a take towards the intensity lane, causally, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { LEVEL_FOLLOW, LevelFollower, followLevel, type LevelTarget } from '../../src/engine/generate/level-follow.ts';
import { pcc } from '../../src/engine/metrics/correlation.ts';
import { mulberry32 } from '../../src/engine/random.ts';

const SR = 32000, FR = 50;
const target = (dbAt: (t: number) => number | null): LevelTarget => ({ frameRate: FR, at: (f) => dbAt(f / FR) });
const dbfs = (x: Float32Array, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return 10 * Math.log10(s / (to - from));
};
/** A chord of three sines whose level wanders (±`wander` dB, a new value every second, as phrases swell) around `db` dBFS. */
function music(seconds: number, db: number, wander: number, seed = 1): Float32Array {
  const rnd = mulberry32(seed), x = new Float32Array(seconds * SR);
  const knots = Array.from({ length: Math.ceil(seconds) + 2 }, () => (rnd() * 2 - 1) * wander);
  for (let i = 0; i < x.length; i++) {
    const t = i / SR, k = Math.floor(t), f = t - k;
    const level = db + knots[k] * (1 - f) + knots[k + 1] * f;
    const a = Math.sqrt(2) * 10 ** (level / 20) / Math.sqrt(3);
    x[i] = a * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277.2 * t) + Math.sin(2 * Math.PI * 329.6 * t));
  }
  return x;
}

describe('LevelFollower', () => {
  it('brings a steady take to the lane\'s level, within its limits', () => {
    const x = followLevel(music(6, -32, 0), target(() => -20), SR);
    expect(x.length).toBe(6 * SR);
    expect(dbfs(x, 4 * SR, 6 * SR)).toBeCloseTo(-20, 0);
    const y = followLevel(music(6, -45, 0), target(() => -20), SR);
    expect(dbfs(y, 4 * SR, 6 * SR)).toBeCloseTo(-45 + LEVEL_FOLLOW.maxBoostDb, 0); // 25 dB asked, 12 given
  });

  it('gives the same audio, and all of it, whether the take comes whole or in chunks of any size', () => {
    const input = music(5, -28, 4).subarray(0, 5 * SR - 77); // the last frame partial
    const lane = target((t) => -24 + 3 * t);
    const whole = followLevel(input, lane, SR);
    const f = new LevelFollower(lane, SR), rnd = mulberry32(3), parts: Float32Array[] = [];
    for (let i = 0; i < input.length;) {
      const n = Math.min(input.length - i, 1 + Math.floor(rnd() * 9000));
      parts.push(f.push(input.slice(i, i + n)));
      i += n;
    }
    parts.push(f.flush());
    const chunked = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((at, p) => (chunked.set(p, at), at + p.length), 0);
    expect(chunked.length).toBe(input.length);
    expect(whole.length).toBe(input.length);
    let diff = 0;
    for (let i = 0; i < whole.length; i++) diff = Math.max(diff, Math.abs(whole[i] - chunked[i]));
    expect(diff).toBeLessThan(1e-6);
  });

  it('leaves a free lane alone and never boosts silence', () => {
    const x = music(3, -30, 3);
    expect(followLevel(x, target(() => null), SR)).toEqual(x);
    const quiet = new Float32Array(2 * SR).map((_, i) => 1e-4 * Math.sin(i)); // −83 dBFS
    const f = new LevelFollower(target(() => -10), SR);
    f.push(quiet);
    f.flush();
    expect(f.gain).toBeLessThanOrEqual(0);
  });

  it('makes the engine hear the lane: intensity PCC of a wandering take against a slow swell', () => {
    const seconds = 10, x = music(seconds, -26, 4, 7);
    const swell = (t: number) => -26 + 4 * Math.sin((2 * Math.PI * t) / seconds);
    const asked = Array.from({ length: seconds * FR }, (_, f) => swell(f / FR));
    const heard = (a: Float32Array) => Array.from(extractControls(a, { sampleRate: SR, frameRate: FR }).controls.intensity.values).slice(0, asked.length);
    const before = pcc({ x: asked, y: heard(x) });
    const after = heard(followLevel(x, target(swell), SR));
    expect(before).toBeLessThan(0.6);
    expect(pcc({ x: asked, y: after })).toBeGreaterThan(0.9);
    const rmse = Math.sqrt(after.reduce((a, v, i) => a + (v - asked[i]) ** 2, 0) / asked.length);
    expect(rmse).toBeLessThan(1.5);
  });
});
