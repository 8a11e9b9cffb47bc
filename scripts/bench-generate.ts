/**
 * npm run bench:generate -- --pack <dir> — the generation loop in Node (onnxruntime-node, the
 * packs' WASM variants, 1 thread): times faster than real time, time to the first complete frame,
 * and how much of a step is the step graph (the rest is the loop: cache append, processors,
 * sampler). Median of runs; the machine and its load are printed. Reports, asserts nothing.
 * `--browser`: the same pack through the studio in headless Chromium (scripts/bench-generate-browser.ts).
 *   --pack DIR (default test/fixtures/music/tiny-pack)  --seconds S (default 10)  --runs N (default 3)
 *   --no-prefill: prime each window with steps even when the pack has a prefill graph
 *   --critic S: the lane critic at scale S (0: off; default: the pack's), with the intensity, melody
 *   and harmony lanes drawn (a swell, a C-major scale, I-IV-V-I), so that it has lanes to read
 */
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { encodeLanes } from '../src/engine/controls/encode.ts';
import type { MusicSessions } from '../src/engine/generate/decoder.ts';
import { generate } from '../src/engine/generate/generate.ts';
import type { ModelSession } from '../src/engine/generate/session.ts';
import { loadMusicPack } from '../src/engine/pack/load.ts';
import { createProject } from '../src/engine/project/create.ts';
import { folderReader, nodeSessionOpener } from '../src/runtime/ort-node.ts';

const args = process.argv.slice(2);
if (args.includes('--browser')) {
  await import('./bench-generate-browser.ts');
  process.exit(0);
}
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = resolve(import.meta.dirname, '..');
const packDir = resolve(root, opt('--pack', 'test/fixtures/music/tiny-pack'));
const SECONDS = Number(opt('--seconds', '10')), RUNS = Number(opt('--runs', '3')), PREFILL = !args.includes('--no-prefill');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Counts the time spent inside the step graph. */
function timed(s: ModelSession, clock: { ms: number }): ModelSession {
  return { ...s, inputNames: s.inputNames, outputNames: s.outputNames, async run(f) { const t = performance.now(); const o = await s.run(f); clock.ms += performance.now() - t; return o; } };
}

const id = basename(packDir);
const pack = await loadMusicPack(folderReader(resolve(root, 'public/models'), { [id]: packDir }), nodeSessionOpener(1), id, 'wasm');
const m = pack.manifest, rate = { sampleRate: m.tokens.sample_rate, frameRate: m.tokens.frame_rate };
const project = createProject('bench', SECONDS);
const CRITIC = args.includes('--critic') ? Number(opt('--critic', '0')) : undefined;
const controls = encodeLanes(project.lanes, SECONDS, rate);
if (CRITIC !== undefined) drawLanes(controls);

/** A swell on the intensity lane, a scale on the melody lane and I-IV-V-I on the harmony lane. */
function drawLanes(c: typeof controls): void {
  const chords = [[0, 4, 7], [5, 9, 0], [7, 11, 2], [0, 4, 7]], scale = [0, 2, 4, 5, 7, 9, 11];
  for (let t = 0; t < c.frames; t++) {
    const x = t / c.frames;
    c.intensity.values[t] = -30 + 15 * Math.sin(Math.PI * x); c.intensity.mask[t] = 1;
    const pc = scale[Math.floor(t / 25) % 7];
    for (let i = 0; i < 12; i++) { c.melody.values[t * 12 + i] = i === pc ? 1 : 0; c.melody.mask[t * 12 + i] = 1; }
    const ch = chords[Math.min(3, Math.floor(x * 4))], H = c.harmony.dim;
    for (let i = 0; i < H; i++) { c.harmony.values[t * H + i] = (i < 12 ? ch.includes(i) : i - 12 === ch[0]) ? 1 : 0; c.harmony.mask[t * H + i] = 1; }
  }
}
const frames = Math.ceil(SECONDS * rate.frameRate);
const Tv = Math.ceil(SECONDS * m.video.fps), patch = m.video.grid.cols * m.video.grid.rows * m.video.patch_dim;
const rnd = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 2654435761) % 1000) / 1000);
const video = { frames: Tv, frame: rnd(Tv * m.video.frame_dim), context: rnd(Tv * m.video.context_dim), patch: rnd(Tv * patch) };
const rtf: number[] = [], first: number[] = [], stepShare: number[] = [], msPerStep: number[] = [], wall: number[] = [];
// CPU time of the process as well: on a shared machine the wall time mostly measures the others
const stepRuns: number[] = [], prefilled: number[] = [], prefillMs: number[] = [], cpuMs: number[] = [];
for (let r = 0; r < RUNS + 1; r++) {
  const clock = { ms: 0 }, prefillClock = { ms: 0 };
  const prefill = PREFILL && pack.sessions.prefill ? timed(pack.sessions.prefill, prefillClock) : undefined;
  const sessions: MusicSessions = { ...pack.sessions, step: timed(pack.sessions.step, clock), prefill };
  const t0 = performance.now(), c0 = process.cpuUsage();
  let tFirst = 0;
  const g = await generate({ manifest: m, sessions, critic: pack.critic, controls, video, start: 0, frames, config: { seed: r, critic: CRITIC },
    onFrames: () => { tFirst ||= performance.now() - t0; } });
  const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
  if (r === 0) continue; // warm-up
  cpuMs.push((cpu.user + cpu.system) / 1000);
  rtf.push(SECONDS / (ms / 1000)); first.push(tFirst); stepShare.push(clock.ms / ms); msPerStep.push(ms / g.steps);
  wall.push(ms); stepRuns.push(g.steps); prefilled.push(g.prefilled); prefillMs.push(prefillClock.ms);
}
const cpus = os.cpus();
console.log(`pack ${m.name} (dim ${m.model.dim}, ${m.model.layers} attention layers), ${SECONDS} s, median of ${RUNS}${CRITIC !== undefined ? `, lanes drawn, lane critic ${CRITIC}` : ''}:`);
console.log(`  ${median(rtf).toFixed(2)}× real time (${median(wall).toFixed(0)} ms), first frame after ${median(first).toFixed(0)} ms, ${median(msPerStep).toFixed(2)} ms a step, step graph ${(100 * median(stepShare)).toFixed(0)} % of it`);
console.log(`  CPU ${median(cpuMs).toFixed(0)} ms (${(SECONDS / (median(cpuMs) / 1000)).toFixed(2)}× real time in CPU time); ${median(stepRuns)} step runs, ${median(prefilled)} steps prefilled (${PREFILL && pack.sessions.prefill ? `prefill graph ${median(prefillMs).toFixed(0)} ms in all` : 'no prefill'})`);
console.log(`  machine: ${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, node ${process.version}, onnxruntime-node 1 thread; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
