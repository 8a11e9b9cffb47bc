/** One answer per clip: the analysis is kept with the clip's hash, not re-run on reload; accepted lanes stay accepted. */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

test('the analysis is kept with the clip: a reload shows it at once, accepted lanes stay accepted', async ({ page }) => {
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="analysis-progress"]')) document.documentElement.dataset.sawProgress = 'yes';
    }).observe(document, { childList: true, subtree: true });
  });
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  const panel = page.getByTestId('analysis-panel');
  await expect(panel.getByTestId('analysis-summary')).toContainText('2 cuts in 6.0 s');
  await expect(page.locator('html')).toHaveAttribute('data-saw-progress', 'yes');
  await expect(panel.getByTestId('analysis-cached')).toHaveCount(0);
  const rhythm = (await panel.getByTestId('proposal-rhythm').textContent())!;
  await panel.getByTestId('accept-intensity').click();
  await expect(panel.getByTestId('accept-intensity')).toHaveText('Accepted');
  const points = await page.getByTestId('lane-intensity').getByTestId('point').count();

  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(panel.getByTestId('analysis-cached')).toBeVisible();
  await expect(page.locator('html')).not.toHaveAttribute('data-saw-progress', 'yes'); // no second run
  await expect(panel.getByTestId('proposal-rhythm')).toHaveText(rhythm);
  await expect(panel.getByTestId('accept-intensity')).toHaveText('Accepted');
  await expect(panel.getByTestId('accept-valence')).toHaveText('Accept');
  await expect(page.getByTestId('cut-marker')).toHaveCount(2);
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(points);

  // "Analyse again" asks for a fresh answer, and replaces the kept one.
  await panel.getByTestId('analyse').click();
  await expect(page.locator('html')).toHaveAttribute('data-saw-progress', 'yes');
  await expect(panel.getByTestId('analysis-summary')).toContainText('2 cuts in 6.0 s');
  await expect(panel.getByTestId('analysis-cached')).toHaveCount(0);
  await expect(panel.getByTestId('proposal-rhythm')).toHaveText(rhythm);
});

// The 6 s fixture has two cuts, so motion alone decides. Both paths pass each picture's source time
// to the analysis, which measures motion per second of source time and leaves out repeated pictures
// (docs/video.md, Tempo): 25 → 10 fps resampling and frames the <video> path misses at 4× no longer
// read as a beat.
test('the same picture gives the same tempo through WebCodecs and through the <video> fallback', async ({ page }) => {
  const bpm = async (p: typeof page, url: string, method: string) => {
    await openStudio(p, url);
    await p.getByTestId('open-video-input').setInputFiles(CLIP);
    const panel = p.getByTestId('analysis-panel');
    await expect(panel.getByTestId('analysis-summary')).toContainText(`(${method})`);
    return Number(/(\d+(?:\.\d+)?) BPM/.exec((await panel.getByTestId('proposal-rhythm').textContent())!)![1]);
  };
  const viaWebCodecs = await bpm(page, '/', 'webcodecs');
  // The fallback on the very same MP4 (?grab=element forces it); a second tab, so no cached answer is shown.
  const other = await page.context().browser()!.newContext();
  const viaElement = await bpm(await other.newPage(), '/?grab=element', 'element');
  await other.close();
  expect(Math.abs(viaElement - viaWebCodecs) / viaWebCodecs, `${viaElement} BPM via <video>, ${viaWebCodecs} via WebCodecs`).toBeLessThanOrEqual(0.02);
});
