/**
 * Agreement between two frame-level curves (paper §4.3, App. C / D.1): PCC, CCC and RMSE over
 * the frames both sides define (an optional mask selects them). Degenerate inputs (fewer than
 * two frames, a constant side) give 0 correlation rather than NaN, so a report never shows NaN.
 */
export interface Pair {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly mask?: ArrayLike<number>;
}

interface Moments { n: number; mx: number; my: number; vx: number; vy: number; cov: number; se: number }

function moments({ x, y, mask }: Pair): Moments {
  if (x.length !== y.length) throw new RangeError(`metrics: lengths differ (${x.length} vs ${y.length})`);
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) if (!mask || mask[i]) { n++; sx += x[i]; sy += y[i]; }
  const mx = n ? sx / n : 0, my = n ? sy / n : 0;
  let vx = 0, vy = 0, cov = 0, se = 0;
  for (let i = 0; i < x.length; i++) {
    if (mask && !mask[i]) continue;
    const dx = x[i] - mx, dy = y[i] - my;
    vx += dx * dx; vy += dy * dy; cov += dx * dy; se += (x[i] - y[i]) ** 2;
  }
  return n ? { n, mx, my, vx: vx / n, vy: vy / n, cov: cov / n, se } : { n, mx, my, vx: 0, vy: 0, cov: 0, se: 0 };
}

/** Pearson correlation coefficient. */
export function pcc(p: Pair): number {
  const m = moments(p);
  const d = Math.sqrt(m.vx * m.vy);
  return m.n >= 2 && d > 1e-12 ? m.cov / d : 0;
}

/** Lin's concordance correlation coefficient: 2·cov / (var x + var y + (mean x − mean y)²). */
export function ccc(p: Pair): number {
  const m = moments(p);
  const d = m.vx + m.vy + (m.mx - m.my) ** 2;
  return m.n >= 2 && d > 1e-12 ? (2 * m.cov) / d : m.n >= 1 && d <= 1e-12 ? 1 : 0;
}

/** Root mean square error. */
export function rmse(p: Pair): number {
  const m = moments(p);
  return m.n ? Math.sqrt(m.se / m.n) : 0;
}
