/** Centred moving average over ±half frames, skipping frames where `valid` is 0 (none: holds 0). */
export function movingMean(x: Float32Array, half: number, valid?: Float32Array): Float32Array {
  const n = x.length;
  const sum = new Float64Array(n + 1);
  const cnt = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const ok = valid ? valid[i] : 1;
    sum[i + 1] = sum[i] + (ok ? x[i] : 0);
    cnt[i + 1] = cnt[i] + (ok ? 1 : 0);
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half), b = Math.min(n, i + half + 1);
    const c = cnt[b] - cnt[a];
    out[i] = c > 0 ? (sum[b] - sum[a]) / c : 0;
  }
  return out;
}
