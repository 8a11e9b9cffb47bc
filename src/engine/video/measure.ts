/**
 * Everything that can be measured from one analysis-size frame on its own: the patch and frame
 * features except motion and cut (which need the previous frame), plus the gain-invariant
 * signature the cut detector compares. One pass over 64×36 pixels; no allocation per pixel.
 */
import { checkFrame, scaleFrame, type RgbFrame } from './frame.ts';
import {
  ANALYSIS_HEIGHT, ANALYSIS_WIDTH, FRAME_DIM, GRID_COLS, GRID_ROWS, HUE_BINS, PATCH_COUNT, PATCH_DIM,
  frameIndex, patchIndex,
} from './spec.ts';

const W = ANALYSIS_WIDTH;
const H = ANALYSIS_HEIGHT;
const N = W * H;
/** A luma step of 0.16 across three pixels counts as an edge (|gx|+|gy| of central differences). */
const EDGE_THRESHOLD = 0.08;
/** Hasler–Süsstrunk's "extremely colourful" level: colourfulness is divided by it. */
const COLOURFULNESS_SCALE = 109;
/** Pixels below this saturation (or this dark) have no reliable hue: they go to the grey bins. */
const GREY_SATURATION = 0.15;
const GREY_VALUE = 0.08;
/** Cut signature: 12 hue bins + 3 grey bins by luma relative to the frame mean. */
export const SIGNATURE_HUE_BINS = 12;
export const SIGNATURE_BINS = SIGNATURE_HUE_BINS + 3;

export interface Measured {
  /** Luma 0..1 per pixel (Rec. 601 on gamma-encoded RGB). */
  readonly luma: Float32Array;
  readonly lumaMean: number;
  readonly lumaStd: number;
  /** PATCH_COUNT × PATCH_DIM, motion still 0. */
  readonly patch: Float32Array;
  /** FRAME_DIM, motion and cut still 0. */
  readonly frame: Float32Array;
  /** Hue/grey histogram, sums to 1; unchanged by a global gain (a fade). */
  readonly hist: Float32Array;
  /** Patch luma / frame luma: the picture's layout, also unchanged by a gain. */
  readonly shape: Float32Array;
}

const patchOf = new Int32Array(N);
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    patchOf[y * W + x] = Math.floor((y * GRID_ROWS) / H) * GRID_COLS + Math.floor((x * GRID_COLS) / W);
  }
}

export function measureFrame(input: RgbFrame): Measured {
  checkFrame(input);
  const f = input.width === W && input.height === H ? input : scaleFrame(input);
  const d = f.data;
  const c = f.channels;
  const luma = new Float32Array(N);
  const patch = new Float32Array(PATCH_COUNT * PATCH_DIM);
  const frame = new Float32Array(FRAME_DIM);
  const hist = new Float32Array(SIGNATURE_BINS);
  const hue = new Float64Array(HUE_BINS);
  const pCount = new Float64Array(PATCH_COUNT);
  const pSq = new Float64Array(PATCH_COUNT);
  let sr = 0, sg = 0, sb = 0, sy = 0, syy = 0, ssat = 0;
  let srg = 0, srg2 = 0, syb = 0, syb2 = 0;

  for (let i = 0; i < N; i++) {
    const r = d[i * c] / 255, g = d[i * c + 1] / 255, b = d[i * c + 2] / 255;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    luma[i] = y;
    sr += r; sg += g; sb += b; sy += y; syy += y * y;
    const mx = Math.max(r, g, b), mn = Math.min(r, g, b);
    const sat = mx > 0 ? (mx - mn) / mx : 0;
    ssat += sat;
    const rg = (r - g) * 255, yb = (0.5 * (r + g) - b) * 255;
    srg += rg; srg2 += rg * rg; syb += yb; syb2 += yb * yb;
    if (mx - mn > 1e-6) {
      // HSV hue in [0, 6): which primary dominates and how far towards the next.
      let h = mx === r ? (g - b) / (mx - mn) : mx === g ? 2 + (b - r) / (mx - mn) : 4 + (r - g) / (mx - mn);
      if (h < 0) h += 6;
      hue[Math.min(HUE_BINS - 1, Math.floor((h / 6) * HUE_BINS))] += sat;
      if (sat >= GREY_SATURATION && mx >= GREY_VALUE) hist[Math.min(SIGNATURE_HUE_BINS - 1, Math.floor(h * 2))] += 1;
    }
    const p = patchOf[i] * PATCH_DIM;
    patch[p] += r; patch[p + 1] += g; patch[p + 2] += b; patch[p + 3] += y;
    pCount[patchOf[i]] += 1;
    pSq[patchOf[i]] += y * y;
  }

  const lumaMean = sy / N;
  const lumaStd = Math.sqrt(Math.max(0, syy / N - lumaMean * lumaMean));
  // Grey pixels, binned by luma relative to the mean so that a fade does not move them.
  let hueCount = 0;
  for (let k = 0; k < SIGNATURE_HUE_BINS; k++) hueCount += hist[k];
  if (hueCount < N) {
    const ref = Math.max(lumaMean, 1e-3);
    for (let i = 0; i < N; i++) {
      const r = d[i * c], g = d[i * c + 1], b = d[i * c + 2];
      const mx = Math.max(r, g, b) / 255, mn = Math.min(r, g, b) / 255;
      const sat = mx > 0 ? (mx - mn) / mx : 0;
      if (sat >= GREY_SATURATION && mx >= GREY_VALUE) continue;
      const rel = luma[i] / ref;
      hist[SIGNATURE_HUE_BINS + (rel < 0.6 ? 0 : rel < 1.4 ? 1 : 2)] += 1;
    }
  }
  for (let k = 0; k < SIGNATURE_BINS; k++) hist[k] /= N;

  // Edges: central differences, clamped at the border.
  const edgeCount = new Float64Array(PATCH_COUNT);
  let edges = 0;
  for (let y = 0; y < H; y++) {
    const up = Math.max(0, y - 1) * W, dn = Math.min(H - 1, y + 1) * W, row = y * W;
    for (let x = 0; x < W; x++) {
      const gx = (luma[row + Math.min(W - 1, x + 1)] - luma[row + Math.max(0, x - 1)]) / 2;
      const gy = (luma[dn + x] - luma[up + x]) / 2;
      if (Math.abs(gx) + Math.abs(gy) > EDGE_THRESHOLD) {
        edges++;
        edgeCount[patchOf[row + x]]++;
      }
    }
  }

  const shape = new Float32Array(PATCH_COUNT);
  const ref = Math.max(lumaMean, 1e-3);
  for (let p = 0; p < PATCH_COUNT; p++) {
    const o = p * PATCH_DIM, n = pCount[p];
    for (let k = 0; k < 4; k++) patch[o + k] /= n;
    const m = patch[o + patchIndex('luma')];
    patch[o + patchIndex('contrast')] = 2 * Math.sqrt(Math.max(0, pSq[p] / n - m * m));
    patch[o + patchIndex('edges')] = edgeCount[p] / n;
    shape[p] = Math.min(3, m / ref);
  }

  frame[frameIndex('r')] = sr / N;
  frame[frameIndex('g')] = sg / N;
  frame[frameIndex('b')] = sb / N;
  frame[frameIndex('brightness')] = lumaMean;
  frame[frameIndex('contrast')] = 2 * lumaStd;
  frame[frameIndex('saturation')] = ssat / N;
  const mrg = srg / N, myb = syb / N;
  const sdrg = Math.sqrt(Math.max(0, srg2 / N - mrg * mrg)), sdyb = Math.sqrt(Math.max(0, syb2 / N - myb * myb));
  frame[frameIndex('colourfulness')] =
    (Math.hypot(sdrg, sdyb) + 0.3 * Math.hypot(mrg, myb)) / COLOURFULNESS_SCALE;
  frame[frameIndex('warmth')] = (sr - sb) / N;
  frame[frameIndex('edges')] = edges / N;
  const h0 = frameIndex('hue0');
  for (let k = 0; k < HUE_BINS; k++) frame[h0 + k] = hue[k] / N;
  return { luma, lumaMean, lumaStd, patch, frame, hist, shape };
}

/**
 * Motion between two measured frames: mean absolute luma change after matching their mean
 * brightness, so a fade or an exposure change is not motion. Writes the frame and patch fields.
 */
export function writeMotion(prev: Measured | null, cur: Measured): void {
  const mi = frameIndex('motion');
  const pm = patchIndex('motion');
  if (!prev) return;
  const a = prev.lumaMean, b = cur.lumaMean;
  const mid = (a + b) / 2;
  // Near black the gain is noise; leave the frames as they are.
  const ga = a > 0.02 ? mid / a : 1, gb = b > 0.02 ? mid / b : 1;
  const sums = new Float64Array(PATCH_COUNT);
  let total = 0;
  for (let i = 0; i < N; i++) {
    const diff = Math.abs(cur.luma[i] * gb - prev.luma[i] * ga);
    total += diff;
    sums[patchOf[i]] += diff;
  }
  cur.frame[mi] = total / N;
  const perPatch = N / PATCH_COUNT;
  for (let p = 0; p < PATCH_COUNT; p++) cur.patch[p * PATCH_DIM + pm] = sums[p] / perPatch;
}
