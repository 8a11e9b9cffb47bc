/**
 * A Fréchet distance between two sets of feature vectors — our own music-quality proxy (no
 * VGGish/CLAP weights exist here, so this is not the published FAD; its numbers compare only with
 * themselves, on the same features). Each set is summarised by its mean μ and covariance Σ
 * (population, 1/n) and
 *   d² = |μa − μb|² + tr(Σa + Σb − 2 (Σa Σb)^½),
 * with tr((Σa Σb)^½) = tr((√Σa Σb √Σa)^½), so only symmetric square roots are needed, taken by
 * a cyclic Jacobi eigen-decomposition (pure TS, exact enough for the tens of dimensions we use).
 */
export type Matrix = number[][];

export interface Gaussian { readonly mean: number[]; readonly cov: Matrix }

/** Mean and population covariance of row vectors (all of one length). */
export function gaussianOf(rows: readonly ArrayLike<number>[]): Gaussian {
  if (rows.length === 0) throw new RangeError('frechet: no feature vectors');
  const d = rows[0].length, n = rows.length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) {
    if (r.length !== d) throw new RangeError(`frechet: vector lengths differ (${r.length} vs ${d})`);
    for (let i = 0; i < d; i++) mean[i] += r[i] / n;
  }
  const cov: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of rows) {
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[i][j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / n;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  const n = m.length;
  const a = m.map((r) => [...r]);
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { if (i !== j) off += a[i][j] ** 2; scale += a[i][j] ** 2; }
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(a[p][q]) < 1e-300) continue;
      // the rotation that zeroes a[p][q] (Golub & Van Loan, Alg. 8.4.1)
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) {
        const akp = a[k][p], akq = a[k][q];
        a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = a[p][k], aqk = a[q][k];
        a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = v[k][p], vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: a.map((r, i) => r[i]), vectors: v };
}

/** Square root of a symmetric positive semi-definite matrix (tiny negative eigenvalues, round-off, read as 0). */
export function sqrtSymmetric(m: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(m);
  const n = m.length, r = values.map((x) => Math.sqrt(Math.max(0, x)));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += vectors[i][k] * r[k] * vectors[j][k];
    return s;
  }));
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
}

/** Squared Fréchet distance between two Gaussians (the quantity FID/FAD report, unrooted). */
export function frechetGaussians(a: Gaussian, b: Gaussian): number {
  const d = a.mean.length;
  if (b.mean.length !== d) throw new RangeError(`frechet: dimensions differ (${d} vs ${b.mean.length})`);
  const ra = sqrtSymmetric(a.cov);
  const inner = multiply(multiply(ra, b.cov), ra);
  // symmetrise against round-off before the eigen-decomposition
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) inner[i][j] = inner[j][i] = (inner[i][j] + inner[j][i]) / 2;
  const { values } = symmetricEigen(inner);
  let dist = 0;
  for (let i = 0; i < d; i++) dist += (a.mean[i] - b.mean[i]) ** 2 + a.cov[i][i] + b.cov[i][i];
  for (const x of values) dist -= 2 * Math.sqrt(Math.max(0, x));
  return Math.max(0, dist);
}

/** Squared Fréchet distance between two sets of feature vectors. */
export function frechetDistance(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  return frechetGaussians(gaussianOf(a), gaussianOf(b));
}
