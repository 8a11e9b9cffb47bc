/**
 * Regenerate a section: a take, the loop region marked at 2-4 s with I and O, Shift+G. A new take
 * comes, made from the first (which stays beside it for A/B); its audio outside the span is the
 * first take's sample for sample, inside it is new music; both takes keep their tokens, and after a
 * reload a section of the new take is regenerated from the tokens IndexedDB kept.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';
import { serveTinyPack } from './helpers/generate.ts';
import { storedTakeAudio } from './helpers/takes.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');
const SR = 32000;

/** Lengths of the kept tokens of each take (K × frames), in list order; -1 when none. */
const storedCodes = (page: Page) => page.evaluate(() => new Promise<number[]>((resolve, reject) => {
  const open = indexedDB.open('undertone');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const list = open.result.transaction('media').objectStore('media').get('takes');
    list.onsuccess = async () => {
      const ids = ((list.result?.takes ?? []) as { id: string }[]).map((t) => t.id);
      resolve(await Promise.all(ids.map((id) => new Promise<number>((r) => {
        const c = open.result.transaction('media').objectStore('media').get(`take-codes:${id}`);
        c.onsuccess = () => r(c.result instanceof Int32Array ? c.result.length : -1);
      }))));
      open.result.close();
    };
  };
}));

test('Shift+G regenerates the loop region: a new take, the audio outside the span unchanged sample for sample', async ({ page }) => {
  test.setTimeout(240_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  const takes = page.getByTestId('take');
  await expect(takes).toHaveCount(1, { timeout: 90_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done');
  // no loop region yet: the button says what to do
  await expect(page.getByTestId('regenerate-section')).toBeDisabled();
  await expect(page.getByTestId('regenerate-section')).toHaveAttribute('title', /Mark the section first/);

  // the take played while it was written: let it end, then mark 2-4 s at the playhead
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 30_000 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Home');
  for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'i', 'Shift+ArrowRight', 'Shift+ArrowRight', 'o']) await page.keyboard.press(key);
  await expect(page.getByTestId('regenerate-section')).toBeEnabled();
  await page.getByTestId('generate-seed').fill('5');
  await page.getByTestId('generate-seed').blur();
  await page.keyboard.press('Shift+G');
  await expect(takes).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done');
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(takes.nth(1).getByTestId('take-section')).toHaveText(' · 2.0–4.0 s of Take 1');
  // the take it came from stays beside it: B compares the two
  await expect(takes.nth(0)).toHaveAttribute('data-ab', 'B');

  const [first, second] = (await storedTakeAudio(page)).map((t) => t.audio);
  expect(second.length).toBe(first.length);
  let outside = 0, inside = 0;
  for (let i = 0; i < first.length; i++) {
    const differs = second[i] !== first[i];
    if (i < 2 * SR || i >= 4 * SR) outside += differs ? 1 : 0;
    else inside += differs ? 1 : 0;
  }
  // outside the span (the crossfades lie inside it): the first take, sample for sample
  expect(outside).toBe(0);
  // inside: new music
  expect(inside).toBeGreaterThan(0.99 * 2 * SR);
  let energy = 0;
  for (let i = 2 * SR + 0.05 * SR; i < 4 * SR - 0.05 * SR; i++) energy += second[i] ** 2;
  expect(Math.sqrt(energy / (1.9 * SR))).toBeGreaterThan(0.01); // not silent
  // both takes kept their tokens (4 codebooks × 300 frames): a section of the new take can be regenerated too
  await expect.poll(() => storedCodes(page)).toEqual([1200, 1200]);

  // after a reload the tokens come from IndexedDB: a section of the new take, 1-4 s, another seed
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('video-info')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('t');
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Home');
  // the loop region (2-4 s) came back with the project; I at 1 s moves its start
  for (const key of ['Shift+ArrowRight', 'i']) await page.keyboard.press(key);
  await page.getByTestId('generate-seed').fill('6');
  await page.getByTestId('generate-seed').blur();
  await page.keyboard.press('Shift+G');
  await expect(takes).toHaveCount(3, { timeout: 90_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done');
  const section = (await takes.nth(2).getByTestId('take-section').textContent()) ?? '';
  const [, a, b] = /(\d+\.\d)–(\d+\.\d) s of Take 2/.exec(section) ?? [];
  expect([a, b]).toEqual(['1.0', '4.0']);
  const third = (await storedTakeAudio(page))[2].audio;
  let changed = 0, kept = 0;
  for (let i = 0; i < third.length; i++) {
    if (i < SR || i >= 4 * SR) kept += third[i] !== second[i] ? 1 : 0;
    else changed += third[i] !== second[i] ? 1 : 0;
  }
  expect(kept).toBe(0);
  expect(changed).toBeGreaterThan(0.99 * 3 * SR);
});
