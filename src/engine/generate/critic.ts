/**
 * The lane critic: while the model samples, each candidate code's score gets
 * `scale · log p(lanes | ẑ)`, where ẑ is the latent the codec's decoder will draw once that code is
 * written and p is a linear read-out of the level, the melody's pitch class and the chord from ẑ
 * (training/scripts/fit_lane_critic.py; docs/music-model.md "Lane critic"). Classifier guidance,
 * with a classifier cheap enough for every step:
 *
 * - the decoder's input is linear in the codes, ẑ[t] = Σ_j leak^j Σ_k table_k[c_k, t−j] (leak 0 for a
 *   plain RVQ), so the read-out W·ẑ + b is a sum of per-code terms P_k[c] = W·table_k[c] that the
 *   codec pack ships (`critic.bin`): the critic keeps, per frame, the sum of the terms of the codes
 *   written so far (a few dozen numbers) and never sees the latent itself;
 * - the read-out sees the take as it is, drift included, so a take that has wandered from the lanes
 *   (too loud, a wrong note) is pulled back from where it is: the thing teacher-forced training
 *   never showed the model;
 * - for a codec whose latent is linear in the log spectrum (codec-v3's family) the level can be read as
 *   the summed power of B spectral bins (the spec's `level_bins`): a model's fine codes spread the log
 *   magnitudes, and a spread adds power that a mean (linear) read-out does not see — on music-v5c's takes
 *   it was 13 dB under what the engine heard, the summed power within 1 dB (training/reports/model.md
 *   "Session 18").
 *
 * With the delay pattern, when codebook k of frame t is drawn, codebooks 0..k−1 of t are written
 * and the finer codebooks of the frames just before may not be yet: the critic reads what is
 * written (the missing terms are the finest residuals).
 */
import { BEAT_THRESHOLD } from '../controls/rhythm-kernel.ts';
import type { Controls } from '../controls/types.ts';
import { PackFormatError } from '../pack/check.ts';
import type { CriticSpec } from '../pack/manifest.ts';

/**
 * The read-out's columns, in critic.bin's order (fit_lane_critic.py OUT_DIMS): level 1, melody 12,
 * root 12, tones 12 — or, with the spec's `level_bins` B, B log-magnitude columns in place of the
 * level's one (the level is then their power summed: spectralLevel()); with `kernels.rhythm`, one
 * more: the onset logit, log-odds that the frame is a beat rather than off the beat. CRITIC_WIDTH: one
 * level column and no onset logit (38 with one).
 */
export const CRITIC_WIDTH = 37;
/** Columns after the level's: melody 12, root 12, tones 12. */
const LANE_COLS = 36;
const DB_PER_NEPER_POWER = 10 / Math.LN10;

export interface LaneCriticTables {
  readonly codebooks: number;
  readonly size: number;
  /** Columns per code: the level's (1, or levelBins), then 36. */
  readonly width: number;
  /** 0: one linear level column (dB); B: B log-magnitude columns whose summed power is the level. */
  readonly levelBins: number;
  /** The first melody column (after the level's); the root's 12 and the tones' 12 follow. */
  readonly melodyAt: number;
  /** Per read-out column, the weights h[j] of frame t − j's codes (the spec's group kernels). */
  readonly kernels: readonly Float32Array[];
  readonly levelSigma: number;
  /** p(beat | flux) = σ(a · flux + b) over the level bins' rise from the frame before, or null: no onset read-out. */
  /** The onset logit's column (the last), or −1: the critic does not read the rhythm lane. */
  readonly onsetAt: number;
  /** Codebooks scored by default (the spec's `codebooks`, else all). */
  readonly scored: number;
  /** K × size × width. */
  readonly perCode: Float32Array;
  /** exp(±h[0] · perCode) (K × size × width each): the softmaxes and logistics of a candidate become
   *  sums of products, one logarithm per lane instead of one per column (bias()). With level bins,
   *  expPos holds exp(2 · h[0] · perCode) in the level's columns: each bin's power factor. */
  readonly expPos: Float32Array;
  readonly expNeg: Float32Array;
  /** width. */
  readonly bias: Float32Array;
}

/** critic.bin's bytes → tables (the layout: K × size × width float32 LE, then width biases). */
export function parseCritic(bytes: Uint8Array, spec: CriticSpec, codebooks: number, size: number): LaneCriticTables {
  const levelBins = spec.level_bins ?? 0, mel = levelBins || 1, onset = spec.kernels.rhythm ? 1 : 0, width = mel + LANE_COLS + onset;
  if (spec.width !== width) {
    throw new PackFormatError(`critic: width ${spec.width}, this engine reads ${width} (${levelBins ? `${levelBins} level bins` : 'one level column'}, ${LANE_COLS} lane columns${onset ? ' and the onset logit' : ''})`);
  }
  const n = codebooks * size * width + width;
  if (bytes.byteLength !== 4 * n) throw new PackFormatError(`critic: ${bytes.byteLength} bytes, ${codebooks} × ${size} codes need ${4 * n}`);
  const all = new Float32Array(n);
  new Uint8Array(all.buffer).set(bytes);
  if (!all.every(Number.isFinite)) throw new PackFormatError('critic: not every value is finite');
  const group = [Float32Array.from(spec.kernels.level), Float32Array.from(spec.kernels.melody), Float32Array.from(spec.kernels.harmony),
    Float32Array.from(spec.kernels.rhythm ?? [])];
  const kernels = Array.from({ length: width }, (_, i) => group[i < mel ? 0 : i < mel + 12 ? 1 : i < mel + LANE_COLS ? 2 : 3]);
  const perCode = all.subarray(0, n - width);
  const expPos = new Float32Array(perCode.length), expNeg = new Float32Array(perCode.length);
  for (let i = 0; i < perCode.length; i++) {
    const col = i % width, power = levelBins > 0 && col < mel ? 2 : 1;
    const x = Math.max(-80, Math.min(80, power * kernels[col][0] * perCode[i])); // float32's range
    expPos[i] = Math.exp(x); expNeg[i] = Math.exp(-x);
  }
  return { codebooks, size, width, levelBins, melodyAt: mel, kernels, levelSigma: spec.level_sigma_db, onsetAt: onset ? width - 1 : -1, scored: Math.min(codebooks, spec.codebooks ?? codebooks),
    perCode, expPos, expNeg, bias: all.subarray(n - width) };
}

/** The level (dB) of level-bin columns v[0..B): their power summed, (10 / ln 10) · ln Σ_b exp(2 v_b). */
export function spectralLevel(v: ArrayLike<number>, bins: number): number {
  let m = -Infinity;
  for (let b = 0; b < bins; b++) m = Math.max(m, v[b]);
  let s = 0;
  for (let b = 0; b < bins; b++) s += Math.exp(2 * (v[b] - m));
  return DB_PER_NEPER_POWER * (2 * m + Math.log(s));
}

/** How much each lane counts (default 1 each); 0 leaves that lane out. */
export interface CriticLanes {
  readonly level?: number;
  readonly melody?: number;
  readonly harmony?: number;
  /** The rhythm lane's weight (default 1), for a critic with an onset read-out (the spec's `kernels.rhythm`). */
  readonly rhythm?: number;
  /** The critic scores the first this many codebooks (default: the critic's own `codebooks`, else all). */
  readonly codebooks?: number;
  /**
   * Level hold (default 0: off): how much of the written take's recent level error each candidate is
   * asked to make up. The critic keeps ē, the read-out level minus the lane over the frames written
   * so far (an exponential average with time constant `levelHoldS`), and scores a candidate's level
   * against lane − levelHold · ē: a take that has sat 3 dB over the lane for a second is asked for
   * quieter codes than the lane alone would ask, the integral term of a controller. Per frame, the
   * model's own preference outweighs a few dB of error (σ of the read-out is 4-5 dB); held, it does not.
   */
  readonly levelHold?: number;
  /** The hold's memory in seconds (default 1, the engine's intensity window). */
  readonly levelHoldS?: number;
}

const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

export interface CriticState { readonly acc: Float32Array; readonly held: number; readonly heldUpTo: number }

/** The critic over one window: frames 0..frames−1 of the window, its frame 0 at `first` of `controls`. */
export class LaneCritic {
  private readonly acc: Float32Array;
  /** h[0] per column: how much the candidate's own terms count. */
  private readonly now: Float32Array;
  private readonly v: Float32Array;
  private readonly base: Float32Array;
  /** exp(2 · (base_b − max)) per level bin, for the summed power (level bins only). */
  private readonly aLevel: Float64Array;
  private readonly aMel = new Float64Array(12);
  private readonly aRoot = new Float64Array(12);
  private readonly aTone = new Float64Array(12);
  /** Level hold: ē (dB), the frames integrated into it so far, and its per-frame decay. */
  private held = 0;
  private heldUpTo = 0;
  private readonly holdDecay: number;

  constructor(private readonly t: LaneCriticTables, private readonly controls: Controls, private readonly first: number,
    private readonly frames: number, private readonly scale: number, private readonly lanes: CriticLanes = {}) {
    if (!(scale >= 0) || !Number.isFinite(scale)) throw new Error(`critic scale must be ≥ 0, got ${scale}`);
    const W = t.width;
    this.acc = new Float32Array(frames * W);
    this.now = new Float32Array(W); this.v = new Float32Array(W); this.base = new Float32Array(W);
    this.aLevel = new Float64Array(t.levelBins);
    for (let i = 0; i < W; i++) this.now[i] = t.kernels[i][0];
    const hold = lanes.levelHold ?? 0, holdS = lanes.levelHoldS ?? 1;
    if (!(hold >= 0) || !(holdS > 0)) throw new Error(`critic level hold must be ≥ 0 with a memory > 0 s, got ${hold} and ${holdS} s`);
    this.holdDecay = Math.exp(-1 / (holdS * controls.rate.frameRate));
  }

  /**
   * ē up to (not including) frame `upTo`: each frame's read-out level minus its lane, averaged with the
   * hold's decay; a frame whose lane is free only decays it. Called with frames whose codebooks are
   * all written (the delay pattern writes codebook k of frame t at step t + k).
   */
  private integrateHold(upTo: number): void {
    const a = this.holdDecay;
    for (; this.heldUpTo < Math.min(upTo, this.frames); this.heldUpTo++) {
      const f = this.first + this.heldUpTo, c = this.controls;
      const lane = f >= 0 && f < c.frames && c.intensity.mask[f] > 0 ? c.intensity.values[f] : null;
      this.held = lane === null ? a * this.held : a * this.held + (1 - a) * (this.levelAt(this.heldUpTo, this.v) - lane);
    }
  }

  /** The codes' sums and the hold as they are now, to come back to (the loop's level search: generate.ts). */
  save(): CriticState {
    return { acc: this.acc.slice(), held: this.held, heldUpTo: this.heldUpTo };
  }

  load(s: CriticState): void {
    this.acc.set(s.acc);
    this.held = s.held;
    this.heldUpTo = s.heldUpTo;
  }

  /** ē (dB): the written take's recent level minus the lane, as the level hold sees it. */
  get heldError(): number { return this.held; }

  /** A code is written: codebook k of window frame `frame`. */
  add(k: number, frame: number, code: number): void {
    if (frame < 0 || frame >= this.frames || code < 0 || code >= this.t.size) return;
    const W = this.t.width, o = frame * W, p = (k * this.t.size + code) * W;
    for (let i = 0; i < W; i++) this.acc[o + i] += this.t.perCode[p + i];
  }

  /** The lanes at a window frame, or null where none the critic reads is set. */
  private lanesAt(frame: number) {
    const f = this.first + frame, c = this.controls;
    if (f < 0 || f >= c.frames) return null;
    const wl = this.lanes.level ?? 1, wm = this.lanes.melody ?? 1, wh = this.lanes.harmony ?? 1;
    const level = wl > 0 && c.intensity.mask[f] > 0 ? c.intensity.values[f] : null;
    let pc = -1, root = -1;
    if (wm > 0) for (let i = 0; i < 12; i++) if (c.melody.mask[f * 12 + i] > 0 && c.melody.values[f * 12 + i] > 0.5) pc = i;
    const H = c.harmony.dim;
    if (wh > 0 && c.harmony.mask[f * H] > 0) for (let i = 0; i < 12; i++) if (c.harmony.values[f * H + 12 + i] > 0.5) root = i;
    const wr = this.t.onsetAt >= 0 ? this.lanes.rhythm ?? 1 : 0;
    const beat = wr > 0 && c.rhythm.mask[f] > 0 ? beatClass(c.rhythm.values, f, c.frames) : null;
    if (level === null && pc < 0 && root < 0 && beat === null) return null;
    return { level, pc, root, tones: root >= 0 ? c.harmony.values.subarray(f * H, f * H + 12) : null, beat, wl, wm, wh, wr };
  }

  /** The read-out at a window frame from the codes written so far (the table's width: level column(s), melody, root, tones logits). */
  readAt(frame: number, out: Float32Array = new Float32Array(this.t.width)): Float32Array {
    const W = this.t.width;
    out.set(this.t.bias);
    for (let i = 0; i < W; i++) {
      const h = this.t.kernels[i];
      for (let j = 0; j < h.length && frame - j >= 0; j++) out[i] += h[j] * this.acc[(frame - j) * W + i];
    }
    return out;
  }

  /** The level (dB) the read-out says at a window frame, from the codes written so far (`scratch`: the table's width, reused). */
  levelAt(frame: number, scratch: Float32Array = new Float32Array(this.t.width)): number {
    const r = this.readAt(frame, scratch);
    return this.t.levelBins > 0 ? spectralLevel(r, this.t.levelBins) : r[0];
  }

  /**
   * Adds scale · log p(lanes | ẑ) to `row` (the scores of codebook k's candidates for window
   * frame `frame`), for the candidates still in play (finite scores: after top-k, only those).
   */
  bias(row: Float32Array, k: number, frame: number): void {
    if (this.scale === 0 || frame < 0 || frame >= this.frames || k >= (this.lanes.codebooks ?? this.t.scored)) return;
    const L = this.lanesAt(frame);
    if (!L) return;
    const W = this.t.width, base = this.readAt(frame, this.base), v = this.v, T = this.t, now = this.now;
    const MEL = T.melodyAt, ROOT = MEL + 12, TONES = ROOT + 12, B = T.levelBins;
    const sig2 = 2 * T.levelSigma * T.levelSigma;
    // Per step, the base's share of each softmax and logistic: a candidate's log softmax at class i is
    // v_i − M − log Σ_j e^{base_j − M} · e^{P_cj} (M the base's max), and log σ(±v) = −log(1 + e^{∓base} · e^{∓P}),
    // so a candidate costs multiply-adds and one logarithm per lane. A base too far out for a product of
    // twelve such factors in float64 takes the direct path.
    const soft = (at: number, a: Float64Array) => { let m = -Infinity; for (let j = 0; j < 12; j++) m = Math.max(m, base[at + j]); for (let j = 0; j < 12; j++) a[j] = Math.exp(base[at + j] - m); return m; };
    const mMel = L.pc >= 0 ? soft(MEL, this.aMel) : 0, mRoot = L.root >= 0 ? soft(ROOT, this.aRoot) : 0;
    // level bins: a candidate's summed power is e^{2M} Σ_b e^{2(base_b − M)} · e^{2 h0 P_b}, M the base's max
    let mLevel = 0, target = L.level ?? 0;
    const hold = this.lanes.levelHold ?? 0;
    if (L.level !== null && hold > 0) {
      // frame f's last codebook is written at step f + K − 1, so when codebook k of frame `frame` is drawn
      // (step frame + k) every frame before frame − K + 1 is complete: exact for codebook 0, safe for the rest
      this.integrateHold(frame - T.codebooks + 1);
      target -= hold * this.held;
    }
    if (L.level !== null && B > 0) {
      mLevel = -Infinity;
      for (let b = 0; b < B; b++) mLevel = Math.max(mLevel, base[b]);
      for (let b = 0; b < B; b++) this.aLevel[b] = Math.exp(2 * (base[b] - mLevel));
    }
    const ON = L.beat !== null ? T.onsetAt : -1;
    let fast = true;
    if (L.root >= 0) for (let i = 0; i < 12; i++) {
      const b = base[TONES + i];
      if (Math.abs(b) > 50) fast = false;
      this.aTone[i] = L.tones![i] > 0.5 ? Math.exp(-b) : Math.exp(b);
    }
    for (let c = 0; c < row.length; c++) {
      if (row[c] === -Infinity) continue;
      const p = (k * T.size + c) * W;
      let ll = 0;
      if (L.level !== null) {
        let lv: number;
        if (B > 0) {
          let sum = 0;
          for (let b = 0; b < B; b++) sum += this.aLevel[b] * T.expPos[p + b];
          lv = DB_PER_NEPER_POWER * (2 * mLevel + Math.log(sum));
        } else lv = base[0] + now[0] * T.perCode[p];
        const e = lv - target;
        ll -= L.wl * e * e / sig2;
      }
      if (ON >= 0) {
        // the onset logit (its kernel reads the latent's change from the frame before): an onset on a beat, none between beats
        const x = base[ON] + now[ON] * T.perCode[p + ON];
        ll += L.wr * (L.beat ? logSigmoid(x) : logSigmoid(-x));
      }
      if (!fast) {
        for (let i = 0; i < W; i++) v[i] = base[i] + now[i] * T.perCode[p + i];
        if (L.pc >= 0) ll += L.wm * logSoftmaxAt(v, MEL, L.pc);
        let t = logSoftmaxAt(v, ROOT, L.root);
        for (let i = 0; i < 12; i++) t += L.tones![i] > 0.5 ? logSigmoid(v[TONES + i]) : logSigmoid(-v[TONES + i]);
        row[c] += this.scale * (ll + L.wh * t);
        continue;
      }
      if (L.pc >= 0) {
        let sum = 0;
        for (let j = 0; j < 12; j++) sum += this.aMel[j] * T.expPos[p + MEL + j];
        ll += L.wm * (base[MEL + L.pc] + now[MEL + L.pc] * T.perCode[p + MEL + L.pc] - mMel - Math.log(sum));
      }
      if (L.root >= 0) {
        let sum = 0, prod = 1, logs = 0;
        for (let j = 0; j < 12; j++) sum += this.aRoot[j] * T.expPos[p + ROOT + j];
        for (let i = 0; i < 12; i++) {
          prod *= 1 + this.aTone[i] * (L.tones![i] > 0.5 ? T.expNeg : T.expPos)[p + TONES + i];
          if (prod > 1e150) { logs += Math.log(prod); prod = 1; } // twelve large factors would overflow float64
        }
        ll += L.wh * (base[ROOT + L.root] + now[ROOT + L.root] * T.perCode[p + ROOT + L.root] - mRoot - Math.log(sum) - logs - Math.log(prod));
      }
      row[c] += this.scale * ll;
    }
  }
}

/**
 * A frame of the rhythm lane (docs/controls.md "Rhythm": a beat reads ≥ 1, a downbeat's kernel tails
 * 0.14 and 0.61): true on a beat, false off the beat (no tail, no beat either side), null next to a
 * beat, where an onset may fall a frame early or late (the fit leaves those frames out too).
 */
function beatClass(r: Float32Array, f: number, frames: number): boolean | null {
  if (r[f] >= BEAT_THRESHOLD) return true;
  if (r[f] >= 0.1 || (f > 0 && r[f - 1] >= BEAT_THRESHOLD) || (f + 1 < frames && r[f + 1] >= BEAT_THRESHOLD)) return null;
  return false;
}

/** log softmax of v[at..at+12) at class i. */
function logSoftmaxAt(v: Float32Array, at: number, i: number): number {
  let m = -Infinity;
  for (let j = 0; j < 12; j++) m = Math.max(m, v[at + j]);
  let s = 0;
  for (let j = 0; j < 12; j++) s += Math.exp(v[at + j] - m);
  return v[at + i] - m - Math.log(s);
}
