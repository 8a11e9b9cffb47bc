/**
 * `npm run bench:extract`: how fast control extraction runs in Node, as a multiple of real time.
 * Renders 60 s of drums + chords + melody (the test synthesiser), runs the extraction several
 * times after a warm-up and prints the median, plus the resampler on its own (44.1 → 32 kHz)
 * and the machine it ran on. Target (issue 3): ≥ 100× real time on the 2-core dev machine.
 */
import os from 'node:os';
import { ANALYSIS_RESAMPLE, resample } from '../src/engine/audio/resample.ts';
import { extractControls } from '../src/engine/controls/extract.ts';
import { chords, drumPattern, grid, mix, SR, toneMelody } from '../test/controls/synth.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(x: number[]): number {
  const s = [...x].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Wall-clock ms; CPU ms (user + system of this process) are pushed to `cpu`. On a shared
 * machine the wall clock includes time other processes held the core; CPU time does not. */
function time(fn: () => void, cpu: number[]): number {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
  return performance.now() - t;
}

const beats = grid((t) => 100 + t / 3, SECONDS, 4);
const notes = Array.from({ length: Math.floor(SECONDS * 2) }, (_, i) => ({ start: i * 0.5, end: i * 0.5 + 0.45, midi: 60 + ((i * 7) % 12) }));
const progression = Array.from({ length: Math.ceil(SECONDS / 2) }, (_, i) => [[57, 60, 64], [53, 57, 60], [55, 59, 62], [52, 55, 59]][i % 4]);
const audio = mix(drumPattern(beats, SECONDS, 4), chords(progression, 2, 0.08), toneMelody(notes, SECONDS, 0.2)).subarray(0, SECONDS * SR);
const at44 = resample(audio, SR, 44100);

extractControls(audio); // warm-up: JIT
const extractMs: number[] = [], extractCpu: number[] = [];
for (let i = 0; i < RUNS; i++) extractMs.push(time(() => extractControls(audio), extractCpu));
resample(at44, 44100, SR, ANALYSIS_RESAMPLE);
const resampleMs: number[] = [], resampleCpu: number[] = [];
for (let i = 0; i < RUNS; i++) resampleMs.push(time(() => resample(at44, 44100, SR, ANALYSIS_RESAMPLE), resampleCpu));

const cpus = os.cpus();
const x = (ms: number) => ((SECONDS * 1000) / ms).toFixed(0);
console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.arch()}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`audio: ${SECONDS} s at ${SR} Hz mono, ${RUNS} runs after a warm-up`);
console.log(`extract controls:         median ${median(extractMs).toFixed(0)} ms wall → ${x(median(extractMs))}× real time (runs ${x(Math.max(...extractMs))}×..${x(Math.min(...extractMs))}×); CPU time ${median(extractCpu).toFixed(0)} ms → ${x(median(extractCpu))}×`);
console.log(`resample 44.1 → 32 kHz:   median ${median(resampleMs).toFixed(0)} ms wall → ${x(median(resampleMs))}× real time; CPU time → ${x(median(resampleCpu))}× (analysis filter)`);
console.log(`extract from 44.1 kHz:    ${x(median(extractMs) + median(resampleMs))}× real time wall, ${x(median(extractCpu) + median(resampleCpu))}× by CPU time`);
