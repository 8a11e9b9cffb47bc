/**
 * Offline: after one visit that generated, the page reloads and generates with no network at all —
 * the app shell from the service worker (public/sw.js), the packs from Cache Storage
 * (src/runtime/fetch-pack.ts, every file verified by its sha256), the person's curves from IndexedDB.
 */
import { expect, test } from '@playwright/test';
import { curvePoints, openStudio } from './helpers/durability.ts';
import { drawIntensity, exportedTake, serveTinyPack } from './helpers/generate.ts';

/** Generate the whole (30 s, no video) project with the tiny pack: a few seconds of work. */
async function generate(page: import('@playwright/test').Page): Promise<void> {
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

test('after one visit the page reloads offline and generates: shell, packs and curves all local', async ({ page, context }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  // the service worker takes the page over; reload so every file this visit loads passes through it
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await drawIntensity(page);
  const before = await curvePoints(page);
  await generate(page); // loads the packs over the network into Cache Storage

  // no test route either: the tiny pack must come from Cache Storage like every other file
  await context.unrouteAll();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  expect(await curvePoints(page)).toEqual(before);
  await expect(page.getByTestId('generate')).toBeEnabled();
  await generate(page);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(30, 1);
  expect(take.rms).toBeGreaterThan(0.01);
  // nothing came over the network: the browser is offline and the page still works
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
});
