/**
 * Motion per second of source time (series.ts) and the tempo it feeds (tempo.ts): which source
 * frames stood for the analysis times — 25 → 10 fps resampling, frames the <video> fallback missed —
 * must not change the proposed tempo.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegFrames } from '../../src/engine/cli/video-frames.ts';
import { VideoAnalyzer, analyzeFrames } from '../../src/engine/video/analyzer.ts';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { proposeCurves } from '../../src/engine/video/proposals.ts';
import { frameIndex } from '../../src/engine/video/spec.ts';
import { suggestTempo } from '../../src/engine/video/tempo.ts';
import { HAS_FFMPEG, squareAt } from './clips.ts';

/** The source frame nearest analysis time j / 10 among `presented` (a tie goes to the later), as both page paths choose. */
function nearest(presented: readonly number[], fps: number, j: number): number {
  let best = presented[0];
  for (const k of presented) {
    const d = Math.abs(k / fps - j / 10), bd = Math.abs(best / fps - j / 10);
    if (d < bd - 1e-9 || (Math.abs(d - bd) <= 1e-9 && k > best)) best = k;
  }
  return best;
}

function analyse(source: (k: number) => RgbFrame, presented: readonly number[], fps: number, count: number, timed = true) {
  const raw: number[] = [];
  const a = new VideoAnalyzer();
  for (let j = 0; j < count; j++) {
    const k = nearest(presented, fps, j);
    a.push(source(k), timed ? k / fps : undefined);
  }
  const analysis = a.finish();
  for (const m of analysis.series.motion) raw.push(m);
  return { analysis, motion: raw };
}

const all = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

/** Mean motion of odd analysis steps over even ones in [lo, hi): 1 when steady, the 3 : 2 pattern otherwise. */
function oddOverEven(m: readonly number[], lo: number, hi: number): number {
  let odd = 0, even = 0;
  for (let j = lo; j < hi; j++) if (j % 2) odd += m[j]; else even += m[j];
  return odd / even;
}

describe('motion per second of source time', () => {
  // A square moving one pixel per source frame at 25 fps: 10 fps takes frames 0, 3, 5, 8, 10, …
  // (2.5 source frames a step, ties to the later), so it moves 3, 2, 3, 2 pixels a step.
  const square = (k: number): RgbFrame => squareAt(4 + (k % 40));

  it('a steady motion resampled from 25 to 10 fps is steady; untimed it alternates 3 : 2', () => {
    const steady = oddOverEven(analyse(square, all(150), 25, 40).motion, 2, 14);
    const untimed = oddOverEven(analyse(square, all(150), 25, 40, false).motion, 2, 14);
    expect(steady).toBeCloseTo(1, 1); // measured 1.03
    expect(untimed).toBeCloseTo(1.5, 1); // measured 1.55
  });

  it('a picture repeated because its frame was missed is interpolated, not zero motion', () => {
    const presented = all(150).filter((k) => k !== 13 && k !== 12); // t = 0.5 falls back on frame 11 … then 14
    const m = analyse(square, presented, 25, 40).motion;
    const full = analyse(square, all(150), 25, 40).motion;
    for (let j = 2; j < 14; j++) expect(m[j]).toBeCloseTo(full[j], 3);
  });

  it('the descriptors keep the motion as measured (the model reads them unchanged)', () => {
    const a = new VideoAnalyzer((d) => frames.push(d.frame[frameIndex('motion')]));
    const frames: number[] = [];
    for (let j = 0; j < 40; j++) { const k = nearest(all(150), 25, j); a.push(square(k), k / 25); }
    a.finish();
    expect(oddOverEven(frames, 2, 14)).toBeCloseTo(1.5, 1);
  });
});

describe('motion-only tempo evidence', () => {
  it('shots at different motion levels are not a period (two cuts, noise within the shots)', () => {
    const m = new Float32Array(60);
    let seed = 3;
    const noise = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    for (let i = 0; i < 60; i++) m[i] = (i < 20 ? 0.02 : i < 40 ? 0.008 : 0.035) + 0.004 * noise();
    expect(suggestTempo([2, 4], m, 0.3)).toMatchObject({ bpm: 91, source: 'pace' });
  });
  it('a real period still counts: pulses every 5 frames inside three shots give 120 BPM', () => {
    const m = new Float32Array(120);
    for (let i = 0; i < 120; i++) m[i] = (i % 5 === 0 ? 0.05 : 0.01) + (i >= 60 ? 0.03 : 0);
    expect(suggestTempo([6], m, 0.3)).toMatchObject({ bpm: 120, source: 'motion' });
  });
});

describe.skipIf(!HAS_FFMPEG)('the e2e clip (two cuts, so motion alone decides)', () => {
  const clip = path.join(import.meta.dirname, '../../e2e/fixtures/clip.mp4');
  const FB = 64 * 36 * 3;
  const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', clip, '-vf', 'scale=64:36:flags=area,format=rgb24', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 24 }).stdout;
  const frame = (k: number): RgbFrame => ({ width: 64, height: 36, channels: 3, data: new Uint8Array(raw.buffer, raw.byteOffset + k * FB, FB) });
  const n = raw.length / FB;

  it('every frame, or a fifth of them missed at random, gives the same tempo (92 BPM from the pace)', () => {
    const every = proposeCurves(analyse(frame, all(n), 25, 60).analysis).tempo;
    expect(every).toMatchObject({ bpm: 92, source: 'pace' });
    let seed = 7;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let run = 0; run < 6; run++) {
      const presented = all(n).filter((k) => k === 0 || rnd() > 0.2);
      const bpm = proposeCurves(analyse(frame, presented, 25, 60).analysis).tempo.bpm;
      expect(Math.abs(bpm - every.bpm) / every.bpm).toBeLessThanOrEqual(0.02);
    }
  });
  it('its first shot moves steadily per second; per analysis step it alternates with the 0.12 / 0.08 s gaps', () => {
    const timed = oddOverEven(analyse(frame, all(n), 25, 60).motion, 2, 20); // measured 0.92
    const untimed = oddOverEven(analyse(frame, all(n), 25, 60, false).motion, 2, 20); // measured 1.39
    expect(Math.abs(timed - 1)).toBeLessThan(0.1);
    expect(untimed).toBeGreaterThan(1.3);
  });
  it('the CLI knows which source frame ffmpeg took for each analysis time, and proposes the same tempo', async () => {
    const times: Array<number | undefined> = [];
    const frames = (async function* () {
      for await (const f of ffmpegFrames(clip)) { times.push(f.time); yield f; }
    })();
    const tempo = proposeCurves(await analyzeFrames(frames)).tempo;
    // ffmpeg's fps filter took 0.04 s for 0 s here: the times say so, and the motion follows.
    expect(times.slice(0, 5)).toEqual([0.04, 0.12, 0.24, 0.32, 0.44]);
    expect(times).toHaveLength(60);
    expect(tempo).toMatchObject({ bpm: 92, source: 'pace' });
  });
});
