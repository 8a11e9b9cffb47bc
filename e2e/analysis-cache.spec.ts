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

// Not yet: on the 6 s fixture (two cuts, so motion alone decides) the <video> path still answers
// 133.3 instead of 100 BPM in about two runs of three under load — its frames are drawn through the
// canvas and some are dropped at 4× — although both paths now take the nearest frame and motion-only
// tempi are whole half-frame lags. Run with `--grep "same tempo"` after changing either path.
test.fixme('the same picture gives the same tempo through WebCodecs and through the <video> fallback', async ({ page }) => {
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
  expect(viaElement).toBe(viaWebCodecs);
});
