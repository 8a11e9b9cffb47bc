// The music model's graphs chained as the engine will chain them, in onnxruntime-node: video
// encoder and condition encoder once, then the step graph token by token, each step fed its own
// KV cache back (present → past). Teacher-forced: step s is fed the given input tokens[:, :, s].
// usage: node training/music/step_run.mjs job.json  (job written by training/music/export.py)
// Writes logits as float32 (S, B, K, card) and prints {ms_per_step, steps}; with job.prefill
// (prefill_steps S0) the prefill graph runs steps 0..S0-1 and the logits start at step S0 - 1.
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const opts = { intraOpNumThreads: job.threads ?? 1, graphOptimizationLevel: process.env.ORT_OPT ?? 'all' };
const Arr = { float32: Float32Array, int64: BigInt64Array };
const load = (spec) => {
  const buf = fs.readFileSync(spec.file);
  const data = new Arr[spec.dtype](buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return new ort.Tensor(spec.dtype, data, spec.dims);
};
const feedsOf = (specs) => Object.fromEntries(Object.entries(specs).map(([n, s]) => [n, load(s)]));

// Outputs kept across runs are copied, so nothing here depends on whether a later run may reuse
// an earlier output's memory (the engine should not assume that either).
const copy = (t) => new ort.Tensor(t.type, t.data.slice(), t.dims);
const copyAll = (out) => Object.fromEntries(Object.entries(out).map(([n, t]) => [n, copy(t)]));
const video = copyAll(await (await ort.InferenceSession.create(job.video_encoder, opts)).run(feedsOf(job.video)));
let control = null;
if (job.condition_encoder) {
  control = copy((await (await ort.InferenceSession.create(job.condition_encoder, opts)).run(feedsOf(job.conditions))).control);
}
const step = await ort.InferenceSession.create(job.step, opts);
const tokens = load(job.tokens);
const [B, K, S] = tokens.dims;
const [, H, , dh] = video['cross_value.0'].dims;
const D = video.prefix.dims[1];
// Windowed layers see only their segment's video frames (training/music/layers.py window_frames).
const graphs = JSON.parse(fs.readFileSync(path.join(path.dirname(job.step), 'graphs.json'), 'utf8'));
const Tv = video['cross_value.0'].dims[2];
function windowFrames(s, w) {
  if (w === null) return [0, Tv];
  const wm = Math.round(w * graphs.music_rate);
  const wv = Math.round(w * graphs.video_rate);
  const seg = Math.min(Math.floor(s / wm), Math.floor((Tv - 1) / wv));
  return [seg * wv, Math.min(Tv, (seg + 1) * wv)];
}
// keys (B, H, dh, Tv): frames along the last axis; values (B, H, Tv, dh): along the third
function sliceFrames(t, a, b, isKey) {
  const [d0, d1, d2, d3] = t.dims;
  const n = b - a;
  if (isKey) {
    const out = new Float32Array(d0 * d1 * d2 * n);
    for (let r = 0; r < d0 * d1 * d2; r++) out.set(t.data.subarray(r * d3 + a, r * d3 + b), r * n);
    return new ort.Tensor('float32', out, [d0, d1, d2, n]);
  }
  const out = new Float32Array(d0 * d1 * n * d3);
  for (let r = 0; r < d0 * d1; r++) out.set(t.data.subarray((r * d2 + a) * d3, (r * d2 + b) * d3), r * n * d3);
  return new ort.Tensor('float32', out, [d0, d1, n, d3]);
}
const crossCache = new Map(); // layer → {a, key, value}
function crossFor(s) {
  const feeds = {};
  graphs.windows.forEach((w, i) => {
    const [a, b] = windowFrames(s, w);
    let c = crossCache.get(i);
    if (!c || c.a !== a) {
      const k = video[`cross_key.${i}`];
      const v = video[`cross_value.${i}`];
      c = w === null ? { a, key: k, value: v } : { a, key: sliceFrames(k, a, b, true), value: sliceFrames(v, a, b, false) };
      crossCache.set(i, c);
    }
    feeds[`cross_key.${i}`] = c.key;
    feeds[`cross_value.${i}`] = c.value;
  });
  return feeds;
}
// One past/present pair per attention layer: past_key.<i> (B, H, dh, P), past_value.<i> (B, H, P, dh).
const cacheNames = step.inputNames.filter((n) => n.startsWith('past_'));
const empty = (n) => new ort.Tensor('float32', new Float32Array(0), n.startsWith('past_key') ? [B, H, dh, 0] : [B, H, 0, dh]);
let past = Object.fromEntries(cacheNames.map((n) => [n, empty(n)]));
// Append one step: values (B, H, P, dh) grow along P; keys (B, H, dh, P) along their last axis.
function append(cache, add, isKey) {
  const [b, h, a, c] = cache.dims;
  const P = isKey ? c : a;
  const out = new Float32Array(cache.data.length + add.data.length);
  const rows = b * h;
  for (let r = 0; r < rows; r++) {
    if (isKey) {
      for (let i = 0; i < dh; i++) {
        const o = (r * dh + i) * (P + 1);
        out.set(cache.data.subarray((r * dh + i) * P, (r * dh + i + 1) * P), o);
        out[o + P] = add.data[r * dh + i];
      }
    } else {
      out.set(cache.data.subarray(r * P * dh, (r + 1) * P * dh), r * (P + 1) * dh);
      out.set(add.data.subarray(r * dh, (r + 1) * dh), (r * (P + 1) + P) * dh);
    }
  }
  return new ort.Tensor('float32', out, isKey ? [b, h, dh, P + 1] : [b, h, P + 1, dh]);
}
const zeros = new ort.Tensor('float32', new Float32Array(B * D), [B, D]);
// integrate_inputs (training/music/model.py): the inputs' running sum, a (B, D) state each step reads
// as `integ` and returns as `integ_out`; zeros before step 0, the prefill's `integ_out` after it
let integ = step.inputNames.includes('integ') ? zeros : null;
const chunks = [];
const t0 = performance.now();
// job.prefill: the prefill graph runs steps 0..prefill_steps-1 at once (whole cross, control rows
// (B, S0, D)); its presents are the cache, and the logits written start at step S0 - 1
const S0 = job.prefill ? job.prefill_steps : 0;
if (S0) {
  const prefill = await ort.InferenceSession.create(job.prefill, opts);
  const tok = new BigInt64Array(B * K * S0);
  for (let r = 0; r < B * K; r++) tok.set(tokens.data.subarray(r * S, r * S + S0), r * S0);
  const feeds = { tokens: new ort.Tensor('int64', tok, [B, K, S0]), prefix: video.prefix };
  for (const n of prefill.inputNames) if (n.startsWith('cross_')) feeds[n] = video[n];
  if (control) {
    const T = control.dims[1];
    const c = new Float32Array(B * S0 * D);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S0; s++) {
        const row = Math.min(s, job.frames - 1);
        c.set(control.data.subarray((b * T + row) * D, (b * T + row + 1) * D), (b * S0 + s) * D);
      }
    }
    feeds.control = new ort.Tensor('float32', c, [B, S0, D]);
  }
  const out = await prefill.run(feeds);
  chunks.push(Buffer.from(out.logits.data.slice().buffer));
  past = Object.fromEntries(cacheNames.map((n) => [n, copy(out[n.replace('past_', 'present_')])]));
  if (integ) integ = copy(out.integ_out);
}
for (let s = S0; s < S; s++) {
  const tok = new BigInt64Array(B * K);
  for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) tok[b * K + k] = tokens.data[(b * K + k) * S + s];
  const feeds = {
    tokens: new ort.Tensor('int64', tok, [B, K]),
    prefix: s === 0 ? video.prefix : zeros,
    step: new ort.Tensor('int64', BigInt64Array.from([BigInt(s)]), [1]),
    ...crossFor(s),
    ...past,
    ...(integ ? { integ } : {}),
  };
  if (control) {
    const T = control.dims[1];
    const row = Math.min(s, job.frames - 1);
    const c = new Float32Array(B * D);
    for (let b = 0; b < B; b++) c.set(control.data.subarray((b * T + row) * D, (b * T + row + 1) * D), b * D);
    feeds.control = new ort.Tensor('float32', c, [B, D]);
  }
  const out = await step.run(feeds);
  chunks.push(Buffer.from(out.logits.data.slice().buffer));
  past = Object.fromEntries(cacheNames.map((n) => [n, append(past[n], out[n.replace('past_', 'new_')], n.startsWith('past_key'))]));
  if (integ) integ = copy(out.integ_out);
}
const ms = performance.now() - t0;
fs.writeFileSync(job.out, Buffer.concat(chunks));
console.log(JSON.stringify({ steps: S, prefill_steps: S0, ms_per_step: ms / S }));
