import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demuxVideo, type VideoPacket } from '../../src/ui/analysis/demux.ts';
import { HAS_FFMPEG, tempDir } from './clips.ts';

async function demux(path: string) {
  const v = await demuxVideo(new Blob([readFileSync(path)]));
  if (!v) return null;
  const samples: VideoPacket[] = [];
  for await (const p of v.packets()) samples.push(p);
  v.close();
  return { ...v, samples };
}

describe.skipIf(!HAS_FFMPEG)('the page\'s demuxer (WebCodecs input)', () => {
  it('gives the samples, key frames and presentation times ffprobe sees, B-frames and moov-at-end included', async () => {
    const path = join(tempDir(), 'b.mp4');
    // veryfast uses B-frames (composition offsets in ctts); without +faststart moov follows mdat.
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30', '-t', '3', '-c:v', 'libx264',
      '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', path]);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,size,flags', '-of', 'csv=p=0', path])
      .toString().trim().split('\n').map((l) => l.split(','));
    const v = await demux(path);
    expect(v).not.toBeNull();
    expect(v!.codec).toMatch(/^avc1\.64/); // High profile
    expect([v!.config.codedWidth, v!.config.codedHeight]).toEqual([320, 180]);
    expect(v!.samples).toHaveLength(90);
    expect(v!.samples.map((s) => s.data.length)).toEqual(probe.map((p) => Number(p[1])));
    expect(v!.samples.map((s) => s.key)).toEqual(probe.map((p) => p[2].startsWith('K')));
    const first = Math.min(...probe.map((p) => Number(p[0])));
    v!.samples.forEach((s, i) => expect(s.pts).toBeCloseTo(Number(probe[i][0]) - first, 4));
    // Presentation order is a permutation of the 30 fps grid.
    expect([...v!.samples.map((s) => Math.round(s.pts * 30))].sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i));
    expect(v!.duration).toBeCloseTo(3, 2);
  });

  it('reads WebM and fragmented MP4 too (the <video> fallback took them before mediabunny)', async () => {
    const dir = tempDir();
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=10', '-t', '1', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', join(dir, 'a.webm')]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=10', '-t', '1', '-c:v', 'libx264', '-movflags', 'frag_keyframe+empty_moov', join(dir, 'f.mp4')]);
    const webm = await demux(join(dir, 'a.webm'));
    expect(webm?.codec).toMatch(/^vp09\./);
    expect(webm?.samples).toHaveLength(10);
    const frag = await demux(join(dir, 'f.mp4'));
    expect(frag?.codec).toMatch(/^avc1\./);
    expect(frag?.samples).toHaveLength(10);
    expect(frag?.samples.map((s) => s.pts).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => expect.closeTo(i / 10, 4)));
  });
});
