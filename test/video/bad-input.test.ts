import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VideoAnalyzer } from '../../src/engine/video/analyzer.ts';
import { DISSOLVE_LAG } from '../../src/engine/video/dissolve.ts';
import { CONTEXT_HALF_FRAMES, FRAME_DIM, patchIndex, PATCH_DIM } from '../../src/engine/video/spec.ts';
import { demuxVideo } from '../../src/ui/analysis/demux.ts';
import { HAS_FFMPEG, drawShot, makeClip, tempDir } from './clips.ts';

const CLI = join(__dirname, '../../bin/undertone.mjs');

function analyze(args: string[], env: NodeJS.ProcessEnv = {}, input?: Buffer) {
  const r = spawnSync('node', [CLI, 'analyze', ...args], { env: { ...process.env, ...env }, input, maxBuffer: 1 << 26 });
  return { code: r.status, stderr: r.stderr.toString().trim(), json: r.status === 0 ? JSON.parse(r.stdout.toString()) : null };
}

const ffmpeg = (...args: string[]): void => {
  execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: 'pipe' });
};

describe('bad input, without ffmpeg', () => {
  it('a Y4M stream with a header and no frames: a clear message', () => {
    const r = analyze(['--y4m', '-'], {}, Buffer.from('YUV4MPEG2 W64 H36 F25:1 Ip A1:1 C420jpeg\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('undertone analyze: stdin has no frames to analyse');
  });

  it('empty stdin for --y4m, and a raw size without --fps', () => {
    expect(analyze(['--y4m', '-'], {}, Buffer.alloc(0)).stderr).toBe('undertone analyze: stdin is empty: no Y4M header');
    expect(analyze(['--raw', '64x36', '-'], {}, Buffer.alloc(0)).stderr).toMatch(/--raw needs WxH and --fps N/);
  });

  it('no ffmpeg on the machine: says so and how to get around it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.mp4'), 'not really');
    const r = analyze([join(dir, 'x.mp4')], { FFMPEG: '/nonexistent/ffmpeg' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ffmpeg not found \(install it: apt-get install ffmpeg; or pipe frames with --y4m \/ --raw\)/);
  });

  it('memory stays bounded over ten minutes of frames (6000 at 10 fps)', () => {
    let emitted = 0;
    const analyzer = new VideoAnalyzer(() => emitted++);
    const a = drawShot(1, 0), b = drawShot(1, 3);
    const before = process.memoryUsage().heapUsed;
    let peakWindow = 0;
    for (let i = 0; i < 6000; i++) {
      analyzer.push(i % 2 ? a : b);
      peakWindow = Math.max(peakWindow, (analyzer as unknown as { window: unknown[] }).window.length);
    }
    const result = analyzer.finish();
    expect(emitted).toBe(6000);
    expect(result.duration).toBe(600);
    // The analyser holds one context window of feature vectors, whatever the length.
    expect(peakWindow).toBeLessThanOrEqual(2 * CONTEXT_HALF_FRAMES + DISSOLVE_LAG + 2);
    // Per-frame scalars for the proposals: 6 floats a frame (144 kB for 10 minutes), no pictures.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(40 << 20);
  });
});

describe.skipIf(!HAS_FFMPEG)('bad input, made with ffmpeg', () => {
  it('not a video, an empty file, audio only, zero frames: clear messages', () => {
    const dir = tempDir();
    // (Plain text would not do: ffmpeg's tty demuxer renders it as a video of the text.)
    writeFileSync(join(dir, 'noise.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
    expect(analyze([join(dir, 'noise.mp4')]).stderr).toMatch(/noise\.mp4 is not a video ffmpeg can read/);
    writeFileSync(join(dir, 'empty.mp4'), '');
    expect(analyze([join(dir, 'empty.mp4')]).stderr).toMatch(/empty\.mp4 is not a video ffmpeg can read/);
    ffmpeg('-f', 'lavfi', '-i', 'sine=d=1', join(dir, 'tone.m4a'));
    expect(analyze([join(dir, 'tone.m4a')]).stderr).toBe(`undertone analyze: ${join(dir, 'tone.m4a')} has no video stream`);
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=s=64x36', '-frames:v', '0', join(dir, 'zero.mp4'));
    expect(analyze([join(dir, 'zero.mp4')]).stderr).toMatch(/zero\.mp4 has no (video stream|frames to analyse)/);
    expect(analyze([join(dir, 'missing.mp4')]).stderr).toMatch(/missing\.mp4 does not exist/);
  });

  it('a 1×1 video analyses as a flat picture', () => {
    const path = join(tempDir(), 'one.mkv');
    ffmpeg('-f', 'lavfi', '-i', 'color=c=orange:s=2x2,scale=1:1', '-t', '1', '-c:v', 'ffv1', path);
    const { code, json } = analyze([path]);
    expect(code).toBe(0);
    expect(json.frameCount).toBe(10);
    expect(json.cuts).toEqual([]);
    const f = json.descriptors.frame[5];
    expect(f).toHaveLength(FRAME_DIM);
    expect(f[0]).toBeGreaterThan(0.9); // red
    expect(f[9]).toBe(0); // no motion
  });

  it('variable frame rate: analysis times follow the timestamps, not the frame count', () => {
    const path = join(tempDir(), 'vfr.mp4');
    // 25 fps with frames 20..44 dropped (a 1 s hole), then a cut at 3 s.
    makeClip(path, [{ src: "testsrc2,select='not(between(n\\,20\\,44))'", dur: 3 }, { src: 'smptebars', dur: 1 }], '160x90', 25, ['-fps_mode', 'vfr']);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path]).toString().trim();
    expect(Number(probe)).toBe(75); // 100 minus the 25 dropped
    const { json } = analyze([path, '--no-descriptors']);
    expect(json.frameCount).toBe(40);
    expect(json.cuts.map((c: { t: number }) => c.t)).toEqual([3]);
  });

  it('a rotated phone video is analysed upright (as displayed), in the CLI and the page\'s demuxer', async () => {
    const dir = tempDir();
    // Coded 160×90, red left half, blue right half; display matrix: 90° counter-clockwise.
    ffmpeg('-f', 'lavfi', '-i', 'color=c=red:s=80x90,pad=160:90:0:0:blue', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', join(dir, 'flat.mp4'));
    ffmpeg('-i', join(dir, 'flat.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', join(dir, 'phone.mp4'));
    const { json } = analyze([join(dir, 'phone.mp4')]);
    const p = json.descriptors.patch[3];
    const red = (patch: number) => p[patch * PATCH_DIM + patchIndex('r')];
    // Displayed upright the right (blue) half is on top and the red half at the bottom.
    expect(red(0)).toBeLessThan(0.2);
    expect(red(15)).toBeGreaterThan(0.8);
    const mp4 = await demuxVideo(new Blob([readFileSync(join(dir, 'phone.mp4'))]));
    expect(mp4?.rotation).toBe(270); // clockwise degrees, as the page's canvas turns it
    expect(mp4?.codec).toMatch(/^avc1\./);
    expect(mp4?.matrix).toBeNull(); // untagged: the page then assumes BT.601, as ffmpeg does
    let packets = 0;
    for await (const _ of mp4!.packets()) packets++;
    expect(packets).toBe(25);
  });
});
