/**
 * Shot-cut detection, streaming with one frame of look-ahead.
 *
 * Hard cuts: the distance between consecutive frames' gain-invariant signatures (hue/grey
 * histogram + patch layout) jumps above an absolute threshold *and* above three times the recent
 * typical distance (so a fast pan does not fire); the change persists into the next frame and
 * frame t does not look like t-2 again (so a flash or a single corrupt frame does not fire); and
 * the two frames are not one picture at another exposure or contrast (luma R² < 0.9). Shots
 * shorter than MIN_SHOT_S are merged.
 *
 * Fades: a span of flat black (or white) frames between two pieces of content is one transition;
 * the cut is placed where the next shot starts to appear, because that is where a scene change
 * reads to the audience (and where a music accent belongs). The ramp frames do not look like hard
 * cuts: the signature ignores gain (fades to black) and the R² test catches the affine change of
 * a fade to white.
 *
 * Dark shots: a fade needs a ramp. When the picture drops from steady content to blank (flat, or
 * too dark for hue) between two frames, that is a hard cut at the first blank frame, and the
 * blank frames that follow are a shot of their own (a night sky, a few stars), not the middle of a
 * fade; it ends where the picture jumps out of the dark (a hard cut) or brightens (a fade in).
 */
import { DissolveDetector } from './dissolve.ts';
import type { Measured } from './measure.ts';
import { ANALYSIS_FPS, PATCH_COUNT } from './spec.ts';

export type CutKind = 'hard' | 'fade' | 'dissolve';

export interface Cut {
  /** Seconds: the first frame of the new shot. */
  readonly t: number;
  /** Analysis frame index of t. */
  readonly frame: number;
  readonly kind: CutKind;
  /** 0..1: how clearly the picture changed (1 for fades). */
  readonly strength: number;
  /** For fades: when the flat (black/white) span began; for dissolves: when the blend began. */
  readonly from?: number;
}

export interface CutDecision {
  readonly frame: number;
  /** 0..1, 0.5 at the detection threshold. */
  readonly likelihood: number;
  readonly cut: Cut | null;
  /** A dissolve found at this frame, whose cut (its middle) lies a few frames back. */
  readonly dissolve?: Cut;
}

/** Signature distance a hard cut must exceed (tuned on test/video clips; see docs/video.md). */
export const HARD_CUT_THRESHOLD = 0.3;
/** ...and this multiple of the median distance over the last RECENT frames. */
const ADAPTIVE_RATIO = 3;
const RECENT = 8;
/** The change must persist: distance(t-1, t+1) ≥ this × threshold. */
const PERSIST = 0.7;
export const MIN_SHOT_S = 0.4;
const MIN_SHOT_FRAMES = Math.round(MIN_SHOT_S * ANALYSIS_FPS);
/** A frame this dark or bright with this little contrast is the middle of a fade. */
const FLAT_DARK = 0.06, FLAT_BRIGHT = 0.94, FLAT_STD = 0.04;
/** Below this brightness hue is noise: no hard-cut decision (fades handle it). */
const DIM = 0.05;
/** A change of level (|Δ mean luma| + |Δ luma std|) this large in one frame can be a cut... */
const ABRUPT_STEP = 0.1;
/** ...when the level moves less than this share of it on the other side (no ramp: not a fade). */
const RAMP_SHARE = 0.25;

/**
 * Hysteresis: a frame inside a blank span stays in it until it is this far past the thresholds,
 * so a picture that sits on one (dark grey at a mean luma of 0.060) does not flicker in and out.
 */
const HOLD_MEAN = 0.02, HOLD_STD = 0.01;

/** `hold`: the looser test for staying in a span already entered. */
export function isFlat(m: Measured, hold = false): boolean {
  const dm = hold ? HOLD_MEAN : 0, ds = hold ? HOLD_STD : 0;
  return m.lumaStd < FLAT_STD + ds && (m.lumaMean < FLAT_DARK + dm || m.lumaMean > FLAT_BRIGHT - dm);
}

/** 0..1: half histogram L1 (0..1) averaged with the mean patch-layout change (clipped to 1). */
export function signatureDistance(a: Measured, b: Measured): number {
  let h = 0;
  for (let k = 0; k < a.hist.length; k++) h += Math.abs(a.hist[k] - b.hist[k]);
  let s = 0;
  for (let p = 0; p < PATCH_COUNT; p++) s += Math.abs(a.shape[p] - b.shape[p]);
  return 0.5 * (0.5 * h) + 0.5 * Math.min(1, s / PATCH_COUNT);
}

/** A frame the hard-cut test cannot judge: flat, or too dark for its hue to mean anything. */
export function isBlank(m: Measured, hold = false): boolean {
  return isFlat(m, hold) || m.lumaMean < DIM + (hold ? HOLD_MEAN : 0);
}

/** How far the picture's level moves from a to b: |Δ mean luma| + |Δ luma std|. */
export function levelStep(a: Measured, b: Measured): number {
  return Math.abs(a.lumaMean - b.lumaMean) + Math.abs(a.lumaStd - b.lumaStd);
}

/** a → b is one big step and quiet → its neighbour (the frame before a, or after b) is not a ramp. */
function abrupt(a: Measured, b: Measured, quiet: [Measured, Measured] | null): boolean {
  const step = levelStep(a, b);
  return step >= ABRUPT_STEP && (!quiet || levelStep(quiet[0], quiet[1]) <= RAMP_SHARE * step);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Above this R², frame t is frame t-1 with other exposure or contrast: a fade step, not a cut. */
const SAME_PICTURE_R2 = 0.9;

/**
 * R² of the least-squares fit luma_b ≈ α·luma_a + β over all pixels. A fade to black or white
 * (and an exposure change) is such an affine map of the picture, so R² stays near 1 through the
 * whole ramp; two different shots are unrelated pictures (R² near 0).
 */
export function sameness(a: Measured, b: Measured): number {
  const n = a.luma.length;
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < n; i++) {
    const x = a.luma[i], y = b.luma[i];
    sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  const va = saa / n - (sa / n) ** 2, vb = sbb / n - (sb / n) ** 2;
  if (va < 1e-6 || vb < 1e-6) return 0;
  return (cov * cov) / (va * vb);
}

export class CutDetector {
  private prev2: Measured | null = null; // frame t-2
  private prev: Measured | null = null; // frame t-1
  private cur: Measured | null = null; // frame t, awaiting its look-ahead
  private t = -1;
  private recent: number[] = [];
  private lastCut = -Infinity;
  /** First frame of the current blank span, -1 outside one. */
  private flatStart = -1;
  /** The span is a dark shot (entered by a hard cut, or the clip opened on it), not a fade's middle. */
  private darkShot = false;
  private sawContent = false;
  private readonly dissolves = new DissolveDetector(signatureDistance, sameness, HARD_CUT_THRESHOLD);

  /** Feed frame t+1; returns the decision for frame t (null for the very first frame). */
  push(next: Measured): CutDecision | null {
    const out = this.cur ? this.decide(next) : null;
    this.prev2 = this.prev;
    this.prev = this.cur;
    this.cur = next;
    this.t++;
    return out;
  }

  /** Decision for the last frame, which has no look-ahead. */
  finish(): CutDecision | null {
    if (!this.cur) return null;
    const out = this.decide(null);
    this.prev2 = this.prev = this.cur = null;
    return out;
  }

  private decide(next: Measured | null): CutDecision {
    const d = this.decideCut(next);
    const blankSpan = this.flatStart >= 0; // cur is inside a flat span or a dark shot
    if (d.cut || blankSpan) {
      this.dissolves.reset(this.t);
      if (d.cut) return d;
    }
    if (blankSpan) return d;
    const dissolve = this.dissolves.push(this.t, this.cur!);
    if (!dissolve || dissolve.frame - this.lastCut < MIN_SHOT_FRAMES) return d;
    this.lastCut = dissolve.frame;
    return { ...d, dissolve };
  }

  private decideCut(next: Measured | null): CutDecision {
    const t = this.t;
    const cur = this.cur!;
    const prev = this.prev;
    const none: CutDecision = { frame: t, likelihood: 0, cut: null };
    if (this.flatStart >= 0) {
      if (this.darkShot ? isBlank(cur, true) : isFlat(cur, true)) return none;
      return this.leaveSpan(next);
    }
    // Steady content, then blank in one step and blank after it: a hard cut into a dark shot.
    if (prev && !isBlank(prev) && isBlank(cur) && (!next || isBlank(next, true))
      && abrupt(prev, cur, this.prev2 ? [this.prev2, prev] : null)) {
      this.flatStart = t;
      this.darkShot = true;
      return this.hardCut(1);
    }
    if (isFlat(cur)) {
      this.flatStart = t;
      this.darkShot = !this.sawContent;
      return none;
    }
    this.sawContent = true;
    // Out of the dark in one step into a steady picture: a hard cut (hue cannot tell in the dark).
    if (prev && isBlank(prev) && !isBlank(cur) && t >= MIN_SHOT_FRAMES && abrupt(prev, cur, next ? [cur, next] : null)) {
      return this.hardCut(1);
    }
    if (!prev || prev.lumaMean < DIM || cur.lumaMean < DIM) return none;
    const d1 = signatureDistance(prev, cur);
    const d2 = next && !isFlat(next) ? signatureDistance(prev, next) : d1;
    const sorted = [...this.recent].sort((x, y) => x - y);
    const typical = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
    const need = Math.max(HARD_CUT_THRESHOLD, ADAPTIVE_RATIO * typical);
    // Back from a one-frame flash: frame t looks like t-2 again, so t-1 was the odd one out.
    const back = this.prev2 && !isFlat(this.prev2) ? signatureDistance(this.prev2, cur) / PERSIST : Infinity;
    const evidence = Math.min(d1, d2 / PERSIST, back);
    const likelihood = sigmoid((evidence - need) / 0.05);
    const isCut = evidence >= need && t - this.lastCut >= MIN_SHOT_FRAMES && sameness(prev, cur) < SAME_PICTURE_R2;
    if (isCut) return { ...this.hardCut(Math.min(1, d1)), likelihood };
    this.recent.push(d1);
    if (this.recent.length > RECENT) this.recent.shift();
    return { frame: t, likelihood, cut: null };
  }

  /** A hard cut at the current frame, unless the shot before it would be shorter than MIN_SHOT_S. */
  private hardCut(strength: number): CutDecision {
    const t = this.t;
    if (t - this.lastCut < MIN_SHOT_FRAMES) return { frame: t, likelihood: 0, cut: null };
    this.lastCut = t;
    this.recent = [];
    return { frame: t, likelihood: 1, cut: { t: t / ANALYSIS_FPS, frame: t, kind: 'hard', strength } };
  }

  /** The first frame after a blank span: where the next shot appears (or the dark shot ends). */
  private leaveSpan(next: Measured | null): CutDecision {
    const t = this.t;
    const from = this.flatStart;
    const dark = this.darkShot;
    const after = this.sawContent;
    this.flatStart = -1;
    this.darkShot = false;
    this.sawContent = true;
    const none: CutDecision = { frame: t, likelihood: 0, cut: null };
    // Out of a dark shot in one step (a fade out and back in stays one fade, wherever it ends).
    if (dark && t >= MIN_SHOT_FRAMES && abrupt(this.prev!, this.cur!, next ? [this.cur!, next] : null)) return this.hardCut(1);
    if (!after || t - this.lastCut < MIN_SHOT_FRAMES) return none;
    this.lastCut = t;
    return { frame: t, likelihood: 1, cut: { t: t / ANALYSIS_FPS, frame: t, kind: 'fade', strength: 1, from: from / ANALYSIS_FPS } };
  }
}
