/**
 * The lane critic (engine/generate/critic.ts): its file's layout, the score it adds checked against
 * values worked by hand, and the real loop on the tiny pack steered by a critic whose read-out is
 * known; then the app's codec's own critic as its pack ships it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_DIMS, DEFAULT_RATE, emptyTrack, type Controls } from '../../src/engine/controls/types.ts';
import { CRITIC_WIDTH, LaneCritic, parseCritic, spectralLevel, type LaneCriticTables } from '../../src/engine/generate/critic.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import type { LoadedMusicPack } from '../../src/engine/pack/load.ts';
import type { CriticSpec } from '../../src/engine/pack/manifest.ts';
import { validateCodecManifest } from '../../src/engine/pack/validate.ts';
import { goldenControls, goldenFamilies, goldenVideo, loadTinyPack, TINY_CODEC } from './tiny-pack.ts';

const W = CRITIC_WIDTH;

function controlsOf(frames: number): Controls {
  const t = (n: keyof typeof CONTROL_DIMS) => emptyTrack(frames, CONTROL_DIMS[n]);
  return { rate: DEFAULT_RATE, frames, rhythm: t('rhythm'), intensity: t('intensity'), melody: t('melody'), emotion: t('emotion'), harmony: t('harmony') };
}

/** Tables of K codebooks × size codes, every read-out zero but what `set` writes. */
function tables(K: number, size: number, kernels: { level: number[]; melody: number[]; harmony: number[] }, levelSigma: number,
  set: (k: number, c: number, v: Float32Array) => void = () => {}): LaneCriticTables {
  const spec: CriticSpec = { file: 'critic', width: W, kernels, level_sigma_db: levelSigma };
  const all = new Float32Array(K * size * W + W);
  for (let k = 0; k < K; k++) for (let c = 0; c < size; c++) set(k, c, all.subarray((k * size + c) * W, (k * size + c + 1) * W));
  return parseCritic(new Uint8Array(all.buffer), spec, K, size);
}

describe('critic.bin', () => {
  it('reads K × size × 37 read-outs and then the biases, and refuses a file of another size or with a NaN', () => {
    const K = 2, size = 3, n = K * size * W + W;
    const all = Float32Array.from({ length: n }, (_, i) => i);
    const spec: CriticSpec = { file: 'critic', width: W, kernels: { level: [1], melody: [1], harmony: [1] }, level_sigma_db: 2 };
    const t = parseCritic(new Uint8Array(all.buffer), spec, K, size);
    expect(t.perCode[(1 * size + 2) * W + 5]).toBe((1 * size + 2) * W + 5);
    expect(t.bias[0]).toBe(K * size * W);
    expect(t.scored).toBe(2);
    expect(() => parseCritic(new Uint8Array(all.buffer).subarray(4), spec, K, size)).toThrow(/bytes/);
    all[7] = NaN;
    expect(() => parseCritic(new Uint8Array(all.buffer), spec, K, size)).toThrow(/finite/);
    expect(() => parseCritic(new Uint8Array(4 * n), { ...spec, width: 36 }, K, size)).toThrow(/width/);
  });
});

describe('the score a candidate gets', () => {
  it('is scale · log p(lanes | read-out) with the read-out summed over past frames by the kernels (hand-worked)', () => {
    // level read-out of codebook 0's code c: 2c dB; melody logits: code 1 favours pitch class 4 by 3 nats
    const t = tables(2, 3, { level: [1, 0.5], melody: [1], harmony: [1] }, 2, (k, c, v) => {
      if (k === 0) v[0] = 2 * c;
      if (k === 0 && c === 1) v[1 + 4] = 3;
    });
    const ctl = controlsOf(4);
    ctl.intensity.values[1] = 5; ctl.intensity.mask[1] = 1;
    ctl.melody.values[1 * 12 + 4] = 1; ctl.melody.mask.fill(1, 12, 24);
    const critic = new LaneCritic(t, ctl, 0, 4, 2);
    critic.add(0, 0, 2); // frame 0: codebook 0 wrote code 2 (level 4 dB), seen at frame 1 through h[1] = 0.5
    const row = new Float32Array([0, 0, -Infinity]);
    critic.bias(row, 0, 1);
    // candidate c: level = 0.5·4 + 2c = 2 + 2c; −(level − 5)² / (2·2²); melody: log softmax at class 4
    const melody = (logit4: number) => logit4 - Math.log(11 + Math.exp(logit4));
    expect(row[0]).toBeCloseTo(2 * (-((2 - 5) ** 2) / 8 + melody(0)), 5);
    expect(row[1]).toBeCloseTo(2 * (-((4 - 5) ** 2) / 8 + melody(3)), 5);
    expect(row[2]).toBe(-Infinity); // out of play (top-k) stays out
    // codebook 1 (no read-out of its own) sees the same base for every candidate: equal scores
    const row1 = new Float32Array(3);
    critic.bias(row1, 1, 1);
    expect(row1[0]).toBeCloseTo(row1[2], 6);
  });

  it('matches the direct formula on random tables, with bases that take the fast path and bases that do not', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
    const size = 16;
    for (const spread of [3, 40]) { // 40 × a 3-tap kernel puts the tone bases past ±50: the direct path
      const t = tables(1, size, { level: [1, 0.7, 0.3], melody: [1], harmony: [1, 0.9, 0.8] }, 2.5, (_k, _c, v) => { for (let i = 0; i < W; i++) v[i] = spread * rnd(); });
      const ctl = controlsOf(3), H = ctl.harmony.dim;
      ctl.intensity.values[2] = -12; ctl.intensity.mask[2] = 1;
      ctl.melody.values[2 * 12 + 9] = 1; ctl.melody.mask.fill(1, 24, 36);
      for (const q of [2, 5, 9]) ctl.harmony.values[2 * H + q] = 1;
      ctl.harmony.values[2 * H + 12 + 2] = 1; ctl.harmony.mask.fill(1, 2 * H, 3 * H);
      const critic = new LaneCritic(t, ctl, 0, 3, 1.5);
      critic.add(0, 0, 3); critic.add(0, 1, 11);
      const row = new Float32Array(size);
      critic.bias(row, 0, 2);
      const base = critic.readAt(2);
      const lse = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0)); };
      const ls = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
      for (let c = 0; c < size; c++) {
        const v = Array.from({ length: W }, (_, i) => base[i] + t.perCode[c * W + i]);
        const mel = v.slice(1, 13), root = v.slice(13, 25), tones = v.slice(25);
        let ll = -((v[0] + 12) ** 2) / (2 * 2.5 ** 2) + mel[9] - lse(mel) + root[2] - lse(root);
        tones.forEach((x, i) => { ll += [2, 5, 9].includes(i) ? ls(x) : ls(-x); });
        expect(row[c]).toBeCloseTo(1.5 * ll, 2);
      }
    }
  });

  it('with level bins, scores the level as the bins\' summed power (the direct formula, a hand-worked level)', () => {
    // two bins of log magnitude: ln 0.1 and ln 0.1 → power 0.02 → −16.99 dB
    expect(spectralLevel([Math.log(0.1), Math.log(0.1)], 2)).toBeCloseTo(10 * Math.log10(0.02), 6);
    let seed = 3;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 - 0.5; };
    const B = 5, Wb = B + 36, size = 12;
    const spec: CriticSpec = { file: 'critic', width: Wb, kernels: { level: [1, 0.8], melody: [1], harmony: [1] }, level_sigma_db: 4, level_bins: B };
    const all = Float32Array.from({ length: size * Wb + Wb }, () => 2 * rnd());
    for (let b = 0; b < B; b++) all[size * Wb + b] = -3 + 0.5 * b; // biases: log magnitudes around e^-3
    const t = parseCritic(new Uint8Array(all.buffer), spec, 1, size);
    expect(() => parseCritic(new Uint8Array(all.buffer), { ...spec, level_bins: 4 }, 1, size)).toThrow(/width/);
    const ctl = controlsOf(2);
    ctl.intensity.values[1] = -20; ctl.intensity.mask[1] = 1;
    const critic = new LaneCritic(t, ctl, 0, 2, 2);
    critic.add(0, 0, 4);
    const row = new Float32Array(size);
    critic.bias(row, 0, 1);
    const base = critic.readAt(1);
    expect(critic.levelAt(1)).toBeCloseTo(spectralLevel(base, B), 5);
    for (let c = 0; c < size; c++) {
      const v = Array.from({ length: B }, (_, b) => base[b] + t.perCode[c * Wb + b]);
      const level = 10 / Math.LN10 * Math.log(v.reduce((a, x) => a + Math.exp(2 * x), 0));
      expect(row[c]).toBeCloseTo(2 * -((level + 20) ** 2) / (2 * 4 ** 2), 3);
    }
  });

  it('with an onset logit, asks for an onset on a beat and for none between beats (hand-worked)', () => {
    // one level column, the 36 lane columns, then the onset logit: code c adds c/2 to it, its kernel
    // [1, −1] reads the change from the frame before, its bias −1
    const Wo = W + 1, size = 6, ON = Wo - 1;
    const spec: CriticSpec = { file: 'critic', width: Wo, kernels: { level: [1], melody: [1], harmony: [1], rhythm: [1, -1] }, level_sigma_db: 4 };
    const all = new Float32Array(size * Wo + Wo);
    for (let c = 0; c < size; c++) all[c * Wo + ON] = c / 2;
    all[size * Wo + ON] = -1;
    const t = parseCritic(new Uint8Array(all.buffer), spec, 1, size);
    expect(t.onsetAt).toBe(ON);
    expect(() => parseCritic(new Uint8Array(all.buffer), { ...spec, kernels: { level: [1], melody: [1], harmony: [1] } }, 1, size)).toThrow(/width/);
    const ctl = controlsOf(8);
    ctl.rhythm.mask.fill(1);
    ctl.rhythm.values[2] = 1; // a beat at frame 2; frame 5 is off the beat; frames 1 and 3 are next to it
    const lsig = (x: number) => -Math.log1p(Math.exp(-x));
    const critic = new LaneCritic(t, ctl, 0, 8, 2, { level: 0, melody: 0, harmony: 0 });
    critic.add(0, 1, 2); // the frame before the beat: its code's term 1, seen at frame 2 through h[1] = −1
    const row = new Float32Array(size);
    critic.bias(row, 0, 2);
    // logit = −1 (bias) − 1 (the frame before) + c/2
    for (let c = 0; c < size; c++) expect(row[c]).toBeCloseTo(2 * lsig(c / 2 - 2), 5);
    expect(row[5]).toBeGreaterThan(row[0]);
    critic.add(0, 4, 0);
    const off = new Float32Array(size);
    critic.bias(off, 0, 5); // off the beat: log(1 − p), an onset now costs
    for (let c = 0; c < size; c++) expect(off[c]).toBeCloseTo(2 * lsig(-(c / 2 - 1)), 5);
    expect(off[5]).toBeLessThan(off[0]);
    const near = new Float32Array(size);
    critic.bias(near, 0, 3); // next to the beat: left alone
    expect(Array.from(near)).toEqual(new Array(size).fill(0));
    const none = new Float32Array(size);
    new LaneCritic(t, ctl, 0, 8, 2, { level: 0, melody: 0, harmony: 0, rhythm: 0 }).bias(none, 0, 2);
    expect(Array.from(none)).toEqual(new Array(size).fill(0));
  });

  it('adds nothing where no lane it reads is set, at scale 0, or past the codebooks it scores', () => {
    const t = tables(2, 3, { level: [1], melody: [1], harmony: [1] }, 2, (_k, c, v) => { v[0] = c; });
    const ctl = controlsOf(2);
    const row = new Float32Array([1, 2, 3]);
    new LaneCritic(t, ctl, 0, 2, 3).bias(row, 0, 0);
    expect(Array.from(row)).toEqual([1, 2, 3]);
    ctl.intensity.mask[0] = 1;
    new LaneCritic(t, ctl, 0, 2, 0).bias(row, 0, 0);
    expect(Array.from(row)).toEqual([1, 2, 3]);
    new LaneCritic(t, ctl, 0, 2, 3, { codebooks: 1 }).bias(row, 1, 0);
    expect(Array.from(row)).toEqual([1, 2, 3]);
    new LaneCritic(t, ctl, 0, 2, 3, { level: 0 }).bias(row, 0, 0);
    expect(Array.from(row)).toEqual([1, 2, 3]);
  });

  it('with a level hold, asks each candidate to make up the written take\'s recent level error (hand-worked)', () => {
    // one codebook, level read-out 2c dB, lane 4 dB; the hold's memory makes its decay exactly 1/2 a frame
    const size = 8, t = tables(1, size, { level: [1], melody: [1], harmony: [1] }, 2, (_k, c, v) => { v[0] = 2 * c; });
    const ctl = controlsOf(6);
    ctl.intensity.values.fill(4); ctl.intensity.mask.fill(1);
    ctl.intensity.mask[3] = 0; // a free frame only decays what is held
    const holdS = 1 / (ctl.rate.frameRate * Math.LN2);
    const critic = new LaneCritic(t, ctl, 0, 6, 2, { melody: 0, harmony: 0, levelHold: 0.5, levelHoldS: holdS });
    for (let f = 0; f < 5; f++) critic.add(0, f, 4); // 8 dB: 4 dB over the lane
    const row = new Float32Array(size);
    critic.bias(row, 0, 5); // frames 0-4 complete (one codebook): after frame 2 ē = 4 · (1/2 + 1/4 + 1/8); free frame 3 halves it; frame 4 halves it and adds 4/2
    const held = 0.25 * (4 * (1 / 2 + 1 / 4 + 1 / 8)) + 0.5 * 4;
    expect(critic.heldError).toBeCloseTo(held, 6);
    const target = 4 - 0.5 * held;
    for (let c = 0; c < size; c++) expect(row[c]).toBeCloseTo(2 * (-((2 * c - target) ** 2) / 8), 4);
    // without the hold, the same take scores against the lane itself
    const plain = new LaneCritic(t, ctl, 0, 6, 2, { melody: 0, harmony: 0 });
    for (let f = 0; f < 5; f++) plain.add(0, f, 4);
    const row0 = new Float32Array(size);
    plain.bias(row0, 0, 5);
    for (let c = 0; c < size; c++) expect(row0[c]).toBeCloseTo(2 * (-((2 * c - 4) ** 2) / 8), 4);
    expect(plain.heldError).toBe(0);
    expect(() => new LaneCritic(t, ctl, 0, 6, 2, { levelHold: -1 })).toThrow(/hold/);
    expect(() => new LaneCritic(t, ctl, 0, 6, 2, { levelHold: 1, levelHoldS: 0 })).toThrow(/hold/);
  });

  it('scores the chord as the root’s log softmax plus each tone’s log-sigmoid', () => {
    const t = tables(1, 2, { level: [1], melody: [1], harmony: [1] }, 2, (_k, c, v) => { if (c === 1) { v[13 + 7] = 2; v[25 + 7] = 1; } });
    const ctl = controlsOf(1);
    const H = ctl.harmony.dim;
    for (const p of [7, 11, 2]) ctl.harmony.values[p] = 1; // G major: tones G B D, root G
    ctl.harmony.values[12 + 7] = 1;
    ctl.harmony.mask.fill(1, 0, H);
    const row = new Float32Array(2);
    new LaneCritic(t, ctl, 0, 1, 1).bias(row, 0, 0);
    const ls = (x: number) => -Math.log1p(Math.exp(-x));
    const root = (x: number) => x - Math.log(11 + Math.exp(x));
    expect(row[0]).toBeCloseTo(root(0) + 3 * ls(0) + 9 * ls(-0), 5);
    expect(row[1]).toBeCloseTo(root(2) + ls(1) + 2 * ls(0) + 9 * ls(-0), 5);
    expect(row[1]).toBeGreaterThan(row[0]);
  });
});

describe('the loop with a critic (tiny pack, onnxruntime-node)', () => {
  let pack: LoadedMusicPack;
  beforeAll(async () => { pack = await loadTinyPack('wasm'); });

  it('a strong critic makes codebook 0 write the code whose read-out the intensity lane asks', async () => {
    const K = pack.manifest.tokens.codebooks, size = pack.manifest.tokens.codebook_size;
    // codebook 0's code c reads as level c dB (σ 1 dB); the lane asks 1234 dB, so code 1234 is the one
    // and its neighbours lose 25 nats at scale 50
    const t = tables(K, size, { level: [1], melody: [1], harmony: [1] }, 1, (k, c, v) => { if (k === 0) v[0] = c; });
    const controls = goldenControls();
    controls.intensity.values.fill(1234); controls.intensity.mask.fill(1);
    const req = { manifest: pack.manifest, sessions: pack.sessions, controls, video: goldenVideo(), ensemble: goldenFamilies(), start: 0, frames: 12 };
    const free = await generate({ ...req, config: { seed: 7, topK: size } });
    const steered = await generate({ ...req, critic: t, config: { seed: 7, topK: size, critic: 50 } });
    const cb0 = (g: typeof free) => Array.from(g.codes.subarray(0, g.frames));
    expect(cb0(steered).every((c) => c === 1234)).toBe(true);
    expect(cb0(free).filter((c) => c === 1234).length).toBeLessThan(3);
    // the finer codebooks have no read-out: the critic leaves their scores alone, so they still vary
    expect(new Set(Array.from(steered.codes.subarray(steered.frames, 2 * steered.frames))).size).toBeGreaterThan(3);
  });

  it('asking for the critic of a codec that has none fails before any window, with a message', async () => {
    await expect(generate({ manifest: pack.manifest, sessions: pack.sessions, controls: goldenControls(), video: null, start: 0, frames: 4,
      config: { seed: 1, critic: 2 } })).rejects.toThrow(/has no lane critic/);
  });
});

describe(`${TINY_CODEC}'s critic as shipped`, () => {
  it('is in the codec pack, verified and parsed by the loader, and scores the first two codebooks', async () => {
    const pack = await loadTinyPack('wasm');
    // codec-specific: re-measure when the shipped codec changes (codec-v3l's critic: 2 of 4 codebooks, 2048 codes)
    expect(pack.codec.critic?.codebooks).toBe(2);
    const t = pack.critic!;
    expect(t.codebooks).toBe(4);
    expect(t.size).toBe(2048);
    expect(t.scored).toBe(2);
    expect(t.levelSigma).toBeGreaterThan(1);
    expect(t.levelSigma).toBeLessThan(6);
    // codebook 0's codes, held, read as levels that span tens of dB (the read-out tells loud from
    // quiet): a code's own term, times the level kernel's sum (the frames it is seen through)
    const held = pack.codec.critic!.kernels.level.reduce((a, b) => a + b, 0);
    const lv = Array.from({ length: 2048 }, (_, c) => held * t.perCode[c * W]);
    expect(Math.max(...lv) - Math.min(...lv)).toBeGreaterThan(20);
  });

  it('a codec manifest whose critic names no file is refused with the field named', () => {
    const m = { name: 'c', kind: 'codec', format_version: 1, sample_rate: 32000, hop: 640, frame_rate: 50, codebooks: 4, codebook_size: 2048,
      files: { decoder: { file: 'd.onnx', bytes: 1, sha256: 'a'.repeat(64) } }, variants: {}, synthesis: { kind: 'wav' },
      critic: { file: 'critic', width: 37, kernels: { level: [1], melody: [1], harmony: [1] }, level_sigma_db: 3 } };
    expect(() => validateCodecManifest(m)).toThrow(/critic\.file/);
    const ok = validateCodecManifest({ ...m, files: { ...m.files, critic: { file: 'critic.bin', bytes: 4, sha256: 'b'.repeat(64) } } });
    expect(ok.critic?.kernels.level).toEqual([1]);
    // an onset logit's kernel, when there is one, is checked like the others
    const files = { ...m.files, critic: { file: 'critic.bin', bytes: 4, sha256: 'b'.repeat(64) } };
    const onsets = validateCodecManifest({ ...m, files, critic: { ...m.critic, width: 38, kernels: { ...m.critic.kernels, rhythm: [1, -1] } } });
    expect(onsets.critic?.kernels.rhythm).toEqual([1, -1]);
    expect(() => validateCodecManifest({ ...m, files, critic: { ...m.critic, kernels: { ...m.critic.kernels, rhythm: [] } } })).toThrow(/critic\.kernels\.rhythm/);
  });
});
