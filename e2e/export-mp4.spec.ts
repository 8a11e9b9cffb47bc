/**
 * Export MP4 in the page: a take written with the tiny test pack becomes the soundtrack of the
 * 6 s fixture clip, muxed by mediabunny with the sound encoded by WebCodecs (AAC, or Opus where
 * Chromium has no AAC encoder). The file is read back with the file check's box reader and the
 * analysis demuxer: one video and one audio track, 6 s long, and every video sample byte for byte
 * the original's (the picture was copied, not re-encoded); ffprobe, where installed, agrees.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readMp4Info } from '../src/engine/media/mp4.ts';
import { demuxVideo, type VideoPacket } from '../src/ui/analysis/demux.ts';
import { openStudio } from './helpers/durability.ts';
import { serveTinyPack } from './helpers/generate.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

const readAtOf = (b: Buffer) => async (offset: number, length: number) => new Uint8Array(b.buffer, b.byteOffset + offset, Math.min(length, b.length - offset));

async function videoTrack(b: Buffer): Promise<{ codec: string; samples: VideoPacket[] }> {
  const v = (await demuxVideo(new Blob([new Uint8Array(b)])))!;
  const samples: VideoPacket[] = [];
  for await (const p of v.packets()) samples.push(p);
  v.close();
  return { codec: v.codec, samples };
}

test('Export MP4: the take as the soundtrack, the picture copied byte for byte', async ({ page }) => {
  test.setTimeout(180_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  // before a take there is nothing to export, and the button says why
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('export-mp4')).toBeDisabled();
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await page.getByTestId('play').evaluate((b: HTMLElement) => { if (b.getAttribute('aria-pressed') === 'true') b.click(); });

  // the shortcut, as listed in help
  await page.keyboard.press('?');
  await expect(page.getByText('Export the video with the take as its soundtrack', { exact: false })).toBeVisible();
  await page.keyboard.press('Escape');
  // Cancel while it writes: no file, no message left, and the next export runs as usual. The
  // 6 s clip is written in a fraction of a second, faster than a click from here lands, so the
  // page presses Cancel itself the moment the button turns into it.
  let downloads = 0;
  page.on('download', () => { downloads++; });
  const cancelled = page.evaluate(() => new Promise<string>((resolve) => {
    new MutationObserver((_, seen) => {
      const b = document.querySelector<HTMLElement>('[data-testid="export-mp4"]');
      if (b?.textContent !== 'Cancel MP4') return;
      seen.disconnect();
      b.click();
      resolve(b.textContent);
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  }));
  await page.keyboard.press('Shift+E');
  expect(await cancelled).toBe('Cancel MP4');
  await expect(page.getByTestId('mp4-export')).toHaveCount(0);
  await expect(page.getByTestId('export-mp4')).toHaveText('Export MP4');
  expect(downloads).toBe(0);
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.keyboard.press('Shift+E');
  await expect(page.getByTestId('mp4-export')).toHaveAttribute('data-state', /running|done/);
  const file = await download;
  expect(file.suggestedFilename()).toBe('clip – Undertone.mp4');
  await expect(page.getByTestId('mp4-export')).toHaveAttribute('data-state', 'done');
  // written in the page by mediabunny, not by the 32 MB ffmpeg.wasm (kept for what MP4 cannot carry)
  await expect(page.getByTestId('mp4-export')).toHaveAttribute('data-writer', 'mediabunny');
  await expect(page.getByTestId('mp4-export')).toContainText(/picture copied, sound (AAC|Opus)/);

  const out = readFileSync(await file.path());
  const original = readFileSync(CLIP);
  const info = await readMp4Info(readAtOf(out), out.length);
  expect(info.truncated).toBe(false);
  // faststart: the index before the media data
  const order = info.boxes.map((x) => x.type);
  expect(order.indexOf('moov')).toBeLessThan(order.indexOf('mdat'));
  expect(info.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
  const [video, audio] = ['video', 'audio'].map((k) => info.tracks.find((t) => t.kind === k)!);
  expect(video.duration).toBeCloseTo(6, 1);
  // AAC frames are 1024 samples: the track may end up to one frame (+ priming) past 6 s
  expect(audio.duration).toBeGreaterThan(5.95);
  expect(audio.duration).toBeLessThan(6.1);

  const [a, b] = [await videoTrack(original), await videoTrack(out)];
  expect(b.codec).toBe(a.codec);
  expect(b.samples.length).toBe(a.samples.length);
  let differing = 0;
  for (let i = 0; i < a.samples.length; i++) {
    const [x, y] = [a.samples[i], b.samples[i]];
    expect(y.data.length).toBe(x.data.length);
    expect(y.key).toBe(x.key);
    expect(y.pts).toBeCloseTo(x.pts, 6);
    if (!Buffer.from(x.data).equals(Buffer.from(y.data))) differing++;
  }
  expect(differing).toBe(0);

  if (existsSync('/usr/bin/ffprobe')) {
    type Stream = { codec_type: string; codec_name: string; sample_rate?: string; duration: string };
    const { streams } = JSON.parse(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,sample_rate,duration', '-of', 'json', await file.path()]).toString()) as { streams: Stream[] };
    expect(streams.map((x) => x.codec_type).sort()).toEqual(['audio', 'video']);
    const [picture, sound] = ['video', 'audio'].map((k) => streams.find((x) => x.codec_type === k)!);
    expect(picture.codec_name).toBe('h264');
    expect(['aac', 'opus']).toContain(sound.codec_name);
    expect(sound.sample_rate).toBe('48000');
    expect(Number(sound.duration)).toBeCloseTo(6, 1);
    // the take is in it: ffmpeg decodes the sound and it is not silence
    const pcm = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', await file.path(), '-map', '0:a:0', '-ac', '1', '-f', 'f32le', '-'], { maxBuffer: 1 << 26 });
    const samples = new Float32Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 2);
    expect(samples.length / 48_000).toBeCloseTo(6, 1);
    expect(samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0)).toBeGreaterThan(0.01);
  }
});

test('Export MP4 without a video says why', async ({ page }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  // no video open: the shortcut says why instead of failing silently
  await page.keyboard.press('Shift+E');
  await expect(page.getByTestId('mp4-export')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('mp4-export')).toContainText('Open the video first');
});
