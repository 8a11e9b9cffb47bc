// Time one decoder step of the music model in onnxruntime-web's WASM backend (the browser's
// fallback path), run under Node: batch 2 (classifier-free guidance), a KV cache of one context
// window, the cross-attention memory of one window of video. Real time is 50 steps a second
// (one step writes one 20 ms frame of all 4 codebooks); the pack needs ≥ 1.5× (issue 11).
// usage: node training/music/bench_step.mjs <export dir> [threads=1] [past=1500] [videoFrames=300] [runs=40] [role=step_int8]
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';

const [dir, threadsArg, pastArg, videoArg, runsArg, roleArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 1);
const P = Number(pastArg ?? 1500);
const Tv = Number(videoArg ?? 300);
const runs = Number(runsArg ?? 40);
const role = roleArg ?? 'step_int8';
ort.env.wasm.numThreads = threads;
const g = JSON.parse(fs.readFileSync(path.join(dir, 'graphs.json'), 'utf8'));
const B = 2;
const K = 4;
let seed = 1;
const rand = (n, scale) => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648; // fixed LCG: the same inputs every run
    a[i] = (seed / 2147483648 - 0.5) * scale;
  }
  return a;
};
const f32 = (dims, scale = 1) => new ort.Tensor('float32', rand(dims.reduce((a, b) => a * b, 1), scale), dims);
const session = await ort.InferenceSession.create(new Uint8Array(fs.readFileSync(path.join(dir, g.files[role]))), {
  executionProviders: ['wasm'],
});
const feeds = {
  tokens: new ort.Tensor('int64', BigInt64Array.from({ length: B * K }, (_, i) => BigInt((i * 389) % 2048)), [B, K]),
  prefix: f32([B, g.dim], 0),
  step: new ort.Tensor('int64', BigInt64Array.from([BigInt(P)]), [1]),
};
for (const n of session.inputNames) {
  // windowed layers get their window's frames (5, 3, 2 s at the video rate), ∞ layers all of them
  const w = n.startsWith('cross_') ? g.windows[Number(n.split('.')[1])] : null;
  const T = n.startsWith('past_') ? P : w === null ? Tv : Math.min(Tv, Math.round(w * g.video_rate));
  if (/^(past|cross)_key/.test(n)) feeds[n] = f32([B, g.heads, g.head_dim, T]);
  else if (/^(past|cross)_value/.test(n)) feeds[n] = f32([B, g.heads, T, g.head_dim]);
}
if (session.inputNames.includes('control')) feeds.control = f32([B, g.dim]);
// Warm-up of at least 3 s: V8 runs WebAssembly first through its baseline compiler and tiers hot
// functions up in the background; with a few warm-up runs the median halved between 30 and 100
// runs. Steady state is what a minute of generation sees.
const warm = performance.now();
for (let i = 0; i < 5 || performance.now() - warm < 3000; i++) await session.run(feeds);
// Wall time, and CPU time of the whole process: on a machine shared with a training job (nice'd
// benchmark) wall time measures the scheduler; CPU time per step is what the step costs, and on
// one thread it is the wall time an idle machine would show.
const ms = [];
const cpu = [];
for (let i = 0; i < runs; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  await session.run(feeds);
  ms.push(performance.now() - t);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
}
cpu.sort((a, b) => a - b);
const cpuMedian = cpu[Math.floor(cpu.length / 2)];
ms.sort((a, b) => a - b);
const median = ms[Math.floor(ms.length / 2)];
console.log(JSON.stringify({
  role, threads, batch: B, past: P, video_frames: Tv, runs,
  ms_median: +median.toFixed(3), ms_p10: +ms[Math.floor(ms.length * 0.1)].toFixed(3), ms_p90: +ms[Math.floor(ms.length * 0.9)].toFixed(3),
  realtime_factor: +(1000 / 50 / median).toFixed(2),
  cpu_ms_median: +cpuMedian.toFixed(3),
  realtime_factor_cpu: +(1000 / 50 / cpuMedian).toFixed(2),
  load: (await import('node:os')).loadavg()[0],
}));
