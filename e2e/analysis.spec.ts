import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

test('open the video → analysis progress → cuts on the timeline → proposals → accept intensity', async ({ page }) => {
  // The 6 s fixture analyses in well under a second: record that the progress bar was shown
  // rather than racing to see it.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="analysis-progress"]')) document.documentElement.dataset.sawProgress = 'yes';
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);

  const panel = page.getByTestId('analysis-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('analysis-summary')).toContainText('2 cuts in 6.0 s');
  await expect(page.locator('html')).toHaveAttribute('data-saw-progress', 'yes');

  // The fixture cuts at 2 s and 4 s (testsrc2 → mandelbrot → life).
  const markers = page.getByTestId('cut-marker');
  await expect(markers).toHaveCount(2);
  expect(await markers.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))))).toEqual([2, 4]);
  const lane = await page.getByTestId('lane-intensity').boundingBox();
  const [x2, x4] = await markers.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  // 2 s apart on screen as on the ruler: the second line is twice as far from the timeline start.
  expect(x2).toBeGreaterThan(lane!.x);
  expect(x4 - x2).toBeGreaterThan(50);

  for (const id of ['rhythm', 'intensity', 'valence', 'arousal']) await expect(panel.getByTestId(`proposal-${id}`)).toBeVisible();
  await expect(panel.getByTestId('proposal-rhythm')).toContainText('BPM');

  const points = page.getByTestId('lane-intensity').getByTestId('point');
  await expect(points).toHaveCount(0);
  await panel.getByTestId('accept-intensity').click();
  await expect(panel.getByTestId('accept-intensity')).toHaveText('Accepted');
  const accepted = await points.count();
  expect(accepted).toBeGreaterThanOrEqual(2);
  // One undo step takes the proposal back.
  await page.keyboard.press('Control+z');
  await expect(points).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(points).toHaveCount(accepted);
});

// A WebM is demuxed by mediabunny and decoded by WebCodecs, like an MP4 (before: the <video> fallback). Needs ffmpeg.
test('a WebM is analysed through WebCodecs with the same cuts', async ({ page }) => {
  test.skip(!existsSync('/usr/bin/ffmpeg'), 'needs ffmpeg to make the WebM');
  const webm = join(mkdtempSync(join(tmpdir(), 'undertone-analysis-')), 'clip.webm');
  execFileSync('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', CLIP, '-an', '-c:v', 'libvpx-vp9',
    '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', webm]);
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await page.getByTestId('open-video-input').setInputFiles(webm);
  const summary = page.getByTestId('analysis-summary');
  await expect(summary).toContainText('(webcodecs)');
  await expect(summary).toContainText('2 cuts in 6.0 s');
  // Every frame decoded, as for the MP4: the cuts at 2 s and 4 s exactly.
  const cuts = await page.getByTestId('cut-marker').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))));
  expect(cuts).toEqual([2, 4]);
});
