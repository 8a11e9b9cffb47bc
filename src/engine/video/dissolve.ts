/**
 * Cross-dissolves: one shot blending into the next without a black or white frame between them.
 * No two consecutive frames differ much, so the hard-cut test never fires. Instead, at several
 * spans K (0.4, 0.8, 1.6 s) the detector compares frame t-K with frame t and asks:
 *  - are they different pictures (signature distance ≥ the hard-cut threshold, luma R² < 0.5)?
 *  - is the middle frame a blend of the two (luma_mid ≈ α·luma_a + β·luma_b + c with R² ≥ 0.95,
 *    α and β between 0.25 and 0.75, α + β near 1) and not simply one of them (R² < 0.9 with each)?
 * Motion fails the blend test: a moving picture's middle frame is the picture moved, not two
 * pictures superimposed. The cut is placed at the middle of the span, where the two shots weigh
 * the same. Holds the last 17 measured frames (luma 64×36 each), nothing more.
 */
import type { Cut } from './cuts.ts';
import type { Measured } from './measure.ts';
import { ANALYSIS_FPS } from './spec.ts';

const SPANS = [4, 8, 16];
const MAX_SPAN = SPANS[SPANS.length - 1];
/** A dissolve's cut is reported at most this many frames after the frame it marks. */
export const DISSOLVE_LAG = MAX_SPAN / 2;
const BLEND_R2 = 0.95;
const DIFFERENT_R2 = 0.5;
const SAME_R2 = 0.9;

export interface Blend {
  readonly r2: number;
  readonly alpha: number;
  readonly beta: number;
}

/** Least-squares fit y ≈ α·a + β·b + c over the luma pixels. */
export function blendFit(a: Measured, b: Measured, y: Measured): Blend {
  const n = a.luma.length;
  let ma = 0, mb = 0, my = 0;
  for (let i = 0; i < n; i++) { ma += a.luma[i]; mb += b.luma[i]; my += y.luma[i]; }
  ma /= n; mb /= n; my /= n;
  let saa = 0, sbb = 0, sab = 0, say = 0, sby = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const x1 = a.luma[i] - ma, x2 = b.luma[i] - mb, z = y.luma[i] - my;
    saa += x1 * x1; sbb += x2 * x2; sab += x1 * x2; say += x1 * z; sby += x2 * z; syy += z * z;
  }
  const det = saa * sbb - sab * sab;
  if (syy < 1e-9 || Math.abs(det) < 1e-12) return { r2: 0, alpha: 0, beta: 0 };
  const alpha = (say * sbb - sby * sab) / det;
  const beta = (sby * saa - say * sab) / det;
  return { r2: (alpha * say + beta * sby) / syy, alpha, beta };
}

export class DissolveDetector {
  private ring: Measured[] = [];
  /** No new dissolve whose middle is at or before this frame (one transition, one cut). */
  private quietUntil = -1;

  constructor(
    private readonly distance: (a: Measured, b: Measured) => number,
    private readonly sameness: (a: Measured, b: Measured) => number,
    private readonly threshold: number,
  ) {}

  /** Forget the past: after a hard cut or a flat frame, a span must not straddle it. */
  reset(t: number): void {
    this.ring = [];
    this.quietUntil = Math.max(this.quietUntil, t);
  }

  /** Frame t (not a cut, not flat); returns a dissolve whose middle lies before t, if one just completed. */
  push(t: number, m: Measured): Cut | null {
    this.ring.push(m);
    if (this.ring.length > MAX_SPAN + 1) this.ring.shift();
    const last = this.ring.length - 1;
    for (const k of SPANS) {
      if (last < k) break;
      const middle = t - k / 2;
      if (middle <= this.quietUntil) continue;
      const a = this.ring[last - k], mid = this.ring[last - k / 2];
      if (this.distance(a, m) < this.threshold || this.sameness(a, m) >= DIFFERENT_R2) continue;
      const fit = blendFit(a, m, mid);
      const blended = fit.r2 >= BLEND_R2 && fit.alpha >= 0.25 && fit.alpha <= 0.75 && fit.beta >= 0.25 && fit.beta <= 0.75
        && Math.abs(fit.alpha + fit.beta - 1) < 0.25;
      if (!blended || this.sameness(a, mid) >= SAME_R2 || this.sameness(m, mid) >= SAME_R2) continue;
      this.quietUntil = t;
      return { t: middle / ANALYSIS_FPS, frame: middle, kind: 'dissolve', strength: Math.min(1, this.distance(a, m)), from: (t - k) / ANALYSIS_FPS };
    }
    return null;
  }
}
