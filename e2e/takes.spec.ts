/**
 * Takes: every finished generation is kept (seed, settings, pack id + SHA-256, the lanes, its
 * audio) in IndexedDB beside the video. Two takes with different seeds, one renamed and starred,
 * survive a reload with their names, stars and audio; a delete has an Undo.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';
import { exportedTake, serveTinyPack } from './helpers/generate.ts';
import { generateTake } from './helpers/takes.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');
const TINY_MANIFEST = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'music', 'tiny-pack', 'manifest.json');

/** Generate again with `seed`; done when the take list has `count` takes. */
const names = (page: Page) => page.getByTestId('take-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

/** The kept records, as IndexedDB has them. */
const storedTakes = (page: Page) => page.evaluate(() => new Promise<{ name: string; starred: boolean; seed: number; pack: { id: string; sha256: string }; lanes: unknown; audio: number }[]>((resolve) => {
  const open = indexedDB.open('undertone');
  open.onsuccess = () => {
    const store = open.result.transaction('media').objectStore('media');
    const get = store.get('takes');
    get.onsuccess = async () => {
      const takes = (get.result?.takes ?? []) as { id: string; name: string; starred: boolean; settings: { seed: number }; pack: { id: string; sha256: string }; lanes: unknown }[];
      const lengths = await Promise.all(takes.map((t) => new Promise<number>((r) => {
        const a = open.result.transaction('media').objectStore('media').get(`take-audio:${t.id}`);
        a.onsuccess = () => r((a.result as Float32Array | undefined)?.length ?? -1);
      })));
      open.result.close();
      resolve(takes.map((t, i) => ({ name: t.name, starred: t.starred, seed: t.settings.seed, pack: t.pack, lanes: t.lanes, audio: lengths[i] })));
    };
  };
}));

test('Two takes are kept beside the video: renamed, starred, and both back after a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  const takes = page.getByTestId('take');
  await expect(takes).toHaveCount(1, { timeout: 90_000 });
  await generateTake(page, 7, 2);
  await expect.poll(() => names(page)).toEqual(['Take 1', 'Take 2']);
  // the newest is the one heard
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');

  await page.getByTestId('take-name').first().fill('Calm opening');
  await page.getByTestId('take-name').first().press('Enter');
  await takes.first().getByTestId('take-star').click();
  // Shift+S stars the take being heard (Take 2); pressed again, unstars it
  await page.keyboard.press('Shift+S');
  await expect(takes.nth(1).getByTestId('take-star')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Shift+S');
  await expect(takes.nth(1).getByTestId('take-star')).toHaveAttribute('aria-pressed', 'false');

  // what IndexedDB holds: seed, pack id and the SHA-256 of its manifest, the lanes, 6 s of audio each
  const sha = (await page.evaluate(async (text) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((x) => x.toString(16).padStart(2, '0')).join(''), readFileSync(TINY_MANIFEST, 'utf8')));
  await expect.poll(() => storedTakes(page).then((t) => t.map(({ name, starred, seed, audio }) => ({ name, starred, seed, audio }))))
    .toEqual([{ name: 'Calm opening', starred: true, seed: 1, audio: 192_000 }, { name: 'Take 2', starred: false, seed: 7, audio: 192_000 }]);
  const kept = await storedTakes(page);
  expect(kept.map((t) => t.pack)).toEqual([{ id: 'tiny-pack', sha256: sha }, { id: 'tiny-pack', sha256: sha }]);
  expect(kept[0].lanes).toEqual(kept[1].lanes);
  expect(Object.keys(kept[0].lanes as object).length).toBeGreaterThan(3);

  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('video-info')).toBeVisible({ timeout: 30_000 });
  // T shows the takes without generating
  await page.keyboard.press('t');
  await expect.poll(() => names(page)).toEqual(['Calm opening', 'Take 2']);
  await expect(takes.first().getByTestId('take-star')).toHaveAttribute('aria-pressed', 'true');
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
  // the restored take is on the clock again: Export WAV writes its 6 s
  const wav = await exportedTake(page);
  expect(wav.seconds).toBeCloseTo(6, 1);
  expect(wav.rms).toBeGreaterThan(0.01);

  // the first Play after a load sounds, load after load (it was silent about two times in five when
  // the Transport started inside the span Tone's clock had already ticked: clock.ts, LOOK_AHEAD)
  const level = page.getByTestId('take-level');
  for (let load = 0; load < 3; load++) {
    if (load) {
      await page.reload();
      await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
      await expect(page.getByTestId('video-info')).toBeVisible({ timeout: 30_000 });
      await page.keyboard.press('t');
      await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
    await expect(level, `load ${load}: the take is heard`).not.toHaveAttribute('data-db', '-inf', { timeout: 5_000 });
    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  }

  // delete, then Undo from the notice: it comes back at its place
  await takes.first().getByTestId('take-delete').click();
  await expect.poll(() => names(page)).toEqual(['Take 2']);
  await page.getByTestId('notice-action').click();
  await expect.poll(() => names(page)).toEqual(['Calm opening', 'Take 2']);
  await expect.poll(() => storedTakes(page).then((t) => t.map((x) => [x.name, x.audio]))).toEqual([['Calm opening', 192_000], ['Take 2', 192_000]]);
});

test('Storage full: the take is not kept, the notice says so, and it still plays and exports', async ({ page }) => {
  test.setTimeout(180_000);
  await serveTinyPack(page);
  // IndexedDB refuses the take's audio as a full quota does (the project's own writes go through)
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      if (typeof key === 'string' && key.startsWith('take-audio:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  await expect(page.getByTestId('take')).toHaveCount(1, { timeout: 90_000 });
  await expect(page.getByTestId('notice')).toContainText("The browser's storage is full: “Take 1” is not kept after a reload");
  const wav = await exportedTake(page);
  expect(wav.seconds).toBeCloseTo(6, 1);
  // the list was written; the audio was not
  await expect.poll(() => storedTakes(page).then((t) => t.map((x) => [x.name, x.audio]))).toEqual([['Take 1', -1]]);
});
