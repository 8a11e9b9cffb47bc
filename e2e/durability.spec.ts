/**
 * Nothing is lost: an edit followed at once by a reload or a killed renderer comes back, and a
 * long burst of edits reaches IndexedDB while it goes on (a maximum wait, not only a debounce).
 * scripts/soak-autosave.ts runs the same cycles 50 times; CI runs three here.
 */
import { expect, test, type Page } from '@playwright/test';
import { crashAndReopen, curvePoints, openStudio, randomEditCycle, storedPointCount } from './helpers/durability.ts';

test('an edit followed at once by a reload comes back', async ({ page }) => {
  await openStudio(page);
  const lane = page.getByTestId('lane-intensity');
  const b = (await lane.boundingBox())!;
  await page.mouse.click(b.x + 200, b.y + 20);
  await expect(lane.getByTestId('point')).toHaveCount(1);
  await page.reload(); // no wait at all: the debounce has not fired
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(1);
});

test('a burst of edits reaches IndexedDB while it goes on, and survives a renderer crash', async ({ page, context }) => {
  await openStudio(page);
  const lane = page.getByTestId('lane-valence');
  const b = (await lane.boundingBox())!;
  // 2.5 s of clicks 100 ms apart: a 300 ms debounce alone would never fire.
  const seen: number[] = [];
  for (let i = 0; i < 25; i++) {
    await page.mouse.click(b.x + 20 + i * 40, b.y + 10 + (i % 5) * 10);
    await page.waitForTimeout(100);
    if (i % 5 === 4) seen.push(await storedPointCount(page, 'valence'));
  }
  // Within the burst IndexedDB already holds most of it (saved at most ~1 s behind).
  expect(seen[seen.length - 1]).toBeGreaterThanOrEqual(10);
  expect(seen.some((n) => n > 0 && n < 25)).toBe(true);
  await expect(lane.getByTestId('point')).toHaveCount(25);
  const before = await curvePoints(page);
  const next = await crashAndReopen(page, context);
  expect(await curvePoints(next)).toEqual(before);
});

test('soak (short): random edits, then a reload or a crash at a random moment — nothing lost', async ({ page, context }) => {
  let p: Page = page;
  await openStudio(p);
  let lost = 0;
  for (let cycle = 0; cycle < 3; cycle++) {
    const r = await randomEditCycle(p, context, cycle, cycle === 1 ? 'crash' : 'reload');
    lost += r.lost;
    p = r.page;
  }
  expect(lost).toBe(0);
});
