import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegFrames } from '../../src/engine/cli/video-frames.ts';
import { analyzeFrames, type FrameDescriptor } from '../../src/engine/video/analyzer.ts';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { proposeCurves } from '../../src/engine/video/proposals.ts';
import { FRAME_DIM, frameIndex } from '../../src/engine/video/spec.ts';
import { createAnalyzeApi, type AnalyzeApi } from '../../src/workers/analyze.handler.ts';
import { PROGRESS_EVERY, type AnalyzeResult } from '../../src/workers/analyze.protocol.ts';
import { WorkerClient } from '../../src/workers/client.ts';
import { localWorker } from '../../src/workers/local.ts';
import { HAS_FFMPEG, drawnClip, makeClip, tempDir } from './clips.ts';

const CLI = join(__dirname, '../../bin/undertone.mjs');

/** What the page does: RGBA frames into the worker's functions, one call each. */
function viaWorker(frames: readonly RgbFrame[]): { result: AnalyzeResult; progress: number[] } {
  const api = createAnalyzeApi();
  const progress: number[] = [];
  api.start({ run: 'a1' });
  for (const f of frames) {
    const rgba = new Uint8Array(f.width * f.height * 4);
    for (let i = 0; i < f.width * f.height; i++) {
      rgba.set(f.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = 255;
    }
    const seen = api.frame({ run: 'a1', width: f.width, height: f.height, channels: 4, data: rgba.buffer });
    if (seen && seen.frames % PROGRESS_EVERY === 0) progress.push(seen.seconds);
  }
  return { result: api.end({ run: 'a1' }).value, progress };
}

async function viaCli(frames: AsyncIterable<RgbFrame> | Iterable<RgbFrame>) {
  const rows: FrameDescriptor[] = [];
  const analysis = await analyzeFrames(frames, (d) => rows.push(d));
  const flat = (k: 'frame' | 'context' | 'patch') => Float32Array.from(rows.flatMap((r) => Array.from(r[k])));
  return { analysis, frame: flat('frame'), context: flat('context'), patch: flat('patch') };
}

describe('the same frames give the same descriptors on the CLI path and the worker path', () => {
  it('on frames drawn in code', async () => {
    const { frames } = drawnClip([15, 12, 20], new Set([2]));
    const cli = await viaCli(frames);
    const { result, progress } = viaWorker(frames);
    expect(result.descriptors.frame).toEqual(cli.frame);
    expect(result.descriptors.context).toEqual(cli.context);
    expect(result.descriptors.patch).toEqual(cli.patch);
    expect(result.cuts).toEqual(cli.analysis.cuts);
    expect(result.proposals).toEqual(proposeCurves(cli.analysis));
    expect(result.descriptors.frame.length).toBe(frames.length * FRAME_DIM);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it.skipIf(!HAS_FFMPEG)('on frames ffmpeg decoded from a video file', async () => {
    const path = join(tempDir(), 'three.mp4');
    makeClip(path, [{ src: 'testsrc2', dur: 1.5 }, { src: 'smptebars', dur: 1.5 }]);
    const frames: RgbFrame[] = [];
    for await (const f of ffmpegFrames(path)) frames.push(f);
    expect(frames).toHaveLength(30);
    const cli = await viaCli(frames);
    const { result } = viaWorker(frames);
    expect(result.descriptors.frame).toEqual(cli.frame);
    expect(result.descriptors.patch).toEqual(cli.patch);
    expect(result.descriptors.context).toEqual(cli.context);
    expect(result.cuts.map((c) => c.t)).toEqual([1.5]);
  });

  it('a dropped run ignores its late frames; its end is an error', () => {
    const api = createAnalyzeApi();
    api.start({ run: 'x' });
    api.drop({ run: 'x' });
    expect(api.frame({ run: 'x', width: 1, height: 1, channels: 3, data: new ArrayBuffer(3) })).toBeNull();
    expect(() => api.end({ run: 'x' })).toThrow('no analysis run x');
  });

  it('an empty run ends with a clear error', () => {
    const api = createAnalyzeApi();
    api.start({ run: 'e' });
    expect(() => api.end({ run: 'e' })).toThrow('the video has no frames to analyse');
  });

  it('through the one worker client: progress every second, descriptors moved, cancel rejects and drops the run', async () => {
    const { frames } = drawnClip([15, 12, 20], new Set([2]));
    const worker = new WorkerClient<AnalyzeApi>(() => localWorker(createAnalyzeApi()), 'analysis');
    await worker.call('start', { run: 'c1' });
    const seen = await Promise.all(frames.map((f) => {
      const rgba = new Uint8Array(f.width * f.height * 4);
      for (let i = 0; i < f.width * f.height; i++) { rgba.set(f.data.subarray(i * 3, i * 3 + 3), i * 4); rgba[i * 4 + 3] = 255; }
      return worker.call('frame', { run: 'c1', width: f.width, height: f.height, channels: 4, data: rgba.buffer }, { transfer: [rgba.buffer] });
    }));
    expect(seen.map((s) => s?.frames)).toEqual(frames.map((_, i) => i + 1));
    const r = await worker.call('end', { run: 'c1' });
    expect(r.descriptors.frame.length).toBe(frames.length * FRAME_DIM);
    expect(r.descriptors.frame).toEqual(viaWorker(frames).result.descriptors.frame);
    const ctl = new AbortController();
    await worker.call('start', { run: 'c2' });
    const end = worker.call('end', { run: 'c2' }, { signal: ctl.signal });
    ctl.abort();
    await expect(end).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe.skipIf(!HAS_FFMPEG)('undertone analyze', () => {
  it('writes descriptors, cuts and proposals for a video file; raw rgb24 frames give the same', () => {
    const dir = tempDir();
    const video = join(dir, 'clip.mp4');
    makeClip(video, [{ src: 'testsrc2', dur: 2 }, { src: 'mandelbrot', dur: 2 }]);
    const out = join(dir, 'video.json');
    execFileSync('node', [CLI, 'analyze', video, '--out', out], { stdio: 'pipe' });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.format).toBe('undertone-video-analysis');
    expect(json.spec.fps).toBe(10);
    expect(json.frameCount).toBe(40);
    expect(json.cuts.map((c: { t: number }) => c.t)).toEqual([2]);
    expect(json.descriptors.frame).toHaveLength(40);
    expect(json.descriptors.frame[0]).toHaveLength(FRAME_DIM);
    expect(json.proposals.intensity.kind).toBe('curve');

    // The same pixels as packed rgb24 on stdin, at another rate: sampled back to 10 fps.
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', video, '-vf', 'scale=64:36:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
    const viaRaw = JSON.parse(execFileSync('node', [CLI, 'analyze', '--raw', '64x36', '--fps', '25', '-'], { input: raw, maxBuffer: 1 << 26 }).toString());
    expect(viaRaw.frameCount).toBe(40);
    expect(viaRaw.cuts.map((c: { t: number }) => c.t)).toEqual([2]);
    const b = frameIndex('brightness');
    for (let i = 0; i < 40; i += 7) expect(viaRaw.descriptors.frame[i][b]).toBeCloseTo(json.descriptors.frame[i][b], 2);
  });

  it('reads Y4M from stdin', () => {
    const dir = tempDir();
    const video = join(dir, 'clip.mp4');
    makeClip(video, [{ src: 'smptebars', dur: 1 }, { src: 'testsrc2', dur: 1.5 }], '96x54', 30);
    const y4m = execFileSync('ffmpeg', ['-v', 'error', '-i', video, '-f', 'yuv4mpegpipe', '-pix_fmt', 'yuv420p', '-'], { maxBuffer: 1 << 26 });
    const json = JSON.parse(execFileSync('node', [CLI, 'analyze', '--y4m', '-', '--no-descriptors'], { input: y4m }).toString());
    expect(json.frameCount).toBe(25);
    expect(json.cuts.map((c: { t: number }) => c.t)).toEqual([1]);
    expect(json.descriptors).toBeUndefined();
  });
});
