/**
 * Generation in the page: the tiny random pack (test/fixtures/music/tiny-pack, served by this
 * test under /models/tiny-pack and chosen with the test-only ?test-pack= setting) on real
 * onnxruntime-web WASM in the generation worker, with the app's codec from its own models folder.
 * Its music is noise: these tests check the machinery — the take streams into the one clock and
 * sounds, cancel keeps what was written, and the person's curves are untouched.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { curvePoints, openStudio } from './helpers/durability.ts';
import { drawIntensity, exportedTake, serveTinyPack, shippedPackAs, storedDescriptors } from './helpers/generate.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');


test('Generate writes the clip with the tiny pack on WASM; it plays on the clock while written, sounds, and the curves stay', async ({ page }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  // the analysis's descriptors are the video condition: wait for them
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  // …which are autosaved beside the project: 6 s at 10 fps, under the clip's hash
  const hash = await page.getByTestId('video-info').getAttribute('data-hash');
  await expect.poll(() => storedDescriptors(page)).toEqual({ hash, frames: 60 });
  await drawIntensity(page);
  const before = await curvePoints(page);
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  await expect(page.getByTestId('generate-panel')).toBeVisible();
  // the take's level follows the intensity lane by default (engine/generate/level-follow.ts)
  await expect(page.getByTestId('generate-level-follow')).toBeChecked();
  await expect(page.getByTestId('generate-video')).toHaveText('Follows the video: its analysis, 6.0 s of picture');
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 30_000 });
  await expect(page.getByTestId('generate-backend')).toContainText('test pack, untrained');
  // playback starts while it is written (as soon as it cannot outrun the writing): the clock advances
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true', { timeout: 60_000 });
  // it started from the take's start (0): the readout, driven by the Transport, moves on from there
  const seconds = async () => Number((await page.getByTestId('time').textContent())!.split(':').pop());
  await expect.poll(seconds).toBeGreaterThan(1);
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('generate-status')).toContainText('Wrote 6.0 s');
  // the speed on this machine, for the record (not asserted: the machine is shared)
  test.info().annotations.push({ type: 'speed', description: (await page.getByTestId('generate-status').textContent())! });
  console.log(await page.getByTestId('generate-status').textContent());
  // from the start again: the take sounds through the take's bus (its meter moves) on the one clock.
  // The playback begun while writing first runs to the take's end by itself (Home and a click while
  // it stops at the end would race: the click could land on a transport that has just stopped).
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
  await page.keyboard.press('Home');
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await page.getByTestId('take-level').getAttribute('data-db')), { timeout: 20_000 }).toBeGreaterThan(-50);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(6, 1);
  expect(take.rms).toBeGreaterThan(0.01);
  expect(await curvePoints(page)).toEqual(before);
});

test('the shipped trained pack (music-v8) writes the clip on WASM, and the take sounds', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page, '/?backend=wasm');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate')).toBeEnabled({ timeout: 30_000 });
  await page.keyboard.press('g');
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page.getByTestId('generate-backend')).toContainText('music-v8');
  await expect(page.getByTestId('generate-backend')).not.toContainText('test pack');
  // the app's codec (codec-v4) ships a lane critic, and music-v8 turns it on at 6: the Follow field says so; its
  // manifest asks the level search two ways, and the Search field starts there
  await expect(page.getByTestId('generate-critic')).toHaveAttribute('placeholder', '6');
  await expect(page.getByTestId('generate-level-search')).toHaveValue('2');
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('generate-status')).toContainText('Wrote 6.0 s');
  console.log('music-v8:', await page.getByTestId('generate-status').textContent());
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(6, 1);
  expect(take.rms).toBeGreaterThan(0.01);
});

test('Search is off by default; with 2 ways the take is written, says so, and sounds', async ({ page }) => {
  test.setTimeout(120_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await drawIntensity(page);
  const before = await curvePoints(page);
  await page.keyboard.press('t'); // the panel, without generating
  await expect(page.getByTestId('generate-level-search')).toHaveValue('1');
  await page.getByTestId('generate-level-search').selectOption('2');
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 30_000 });
  await page.getByTestId('generate-start').click();
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  // the drawn intensity lane is asked in every half second the search ran over
  await expect(page.getByTestId('generate-status')).toContainText(/searched \d+ half seconds/);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(6, 1);
  expect(take.rms).toBeGreaterThan(0.01);
  expect(await curvePoints(page)).toEqual(before);
});

test('Cancel mid-way keeps what was written; the curves survive a reload', async ({ page }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack'); // no video: a 30 s project, the video condition dropped
  await drawIntensity(page);
  const before = await curvePoints(page);
  await page.getByTestId('generate').click();
  const status = page.getByTestId('generate-status');
  await expect(status).toContainText(/[1-9]\.\d s to hear/, { timeout: 60_000 });
  await page.getByTestId('generate-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  const kept = Number((await status.textContent())!.match(/the ([\d.]+) s written/)![1]);
  expect(kept).toBeGreaterThan(1);
  expect(kept).toBeLessThan(30);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(kept, 1);
  expect(take.rms).toBeGreaterThan(0.01);
  expect(await curvePoints(page)).toEqual(before);
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  expect(await curvePoints(page)).toEqual(before);
});

test('without the test setting an untrained pack is not offered, nor a missing one, and Generate says why', async ({ page }) => {
  await shippedPackAs(page, 'untrained');
  await openStudio(page);
  await expect(page.getByTestId('generate')).toBeDisabled();
  await expect(page.getByTestId('generate')).toHaveAttribute('title',
    'music-v8 is not a trained pack (its manifest does not say "trained": true), so it is not offered');
  await page.context().unrouteAll();
  await shippedPackAs(page, 'missing');
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('generate')).toBeDisabled();
  await expect(page.getByTestId('generate')).toHaveAttribute('title', 'No trained music pack is installed (models/music-v8 is missing)');
  // G does nothing then, and help lists it
  await page.keyboard.press('g');
  await expect(page.getByTestId('generate-panel')).toHaveCount(0);
  await page.keyboard.press('?');
  const row = page.getByTestId('help').locator('tr', { hasText: 'Generate music for the clip' });
  await expect(row.locator('kbd')).toHaveText('G');
});

test('a corrupt pack file is named, and nothing the person drew is lost', async ({ page }) => {
  await serveTinyPack(page, 'step.int8.onnx');
  await openStudio(page, '/?test-pack=tiny-pack');
  await drawIntensity(page);
  const before = await curvePoints(page);
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('pack-error')).toContainText(
    'tiny-pack/step.int8.onnx does not match its sha256 in the manifest: the file is corrupt or another file', { timeout: 60_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('notice')).toContainText('Your lanes are unchanged');
  expect(await curvePoints(page)).toEqual(before);
});

test('the video descriptors come back with the project after a reload, so the next take follows the picture', async ({ page }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  const hash = await page.getByTestId('video-info').getAttribute('data-hash');
  await expect.poll(() => storedDescriptors(page)).toEqual({ hash, frames: 60 });
  // the analysis cache would bring them back too: empty it, so only the autosaved descriptors can
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('undertone');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('analysis', 'readwrite');
      tx.objectStore('analysis').clear();
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('video-info')).toHaveAttribute('data-hash', hash!);
  // at once: the Generate panel replaces the analysis panel, whose new analysis stops unfinished
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-video')).toHaveAttribute('data-follows', 'true');
  await page.getByTestId('generate').click(); // cancel: this test is about the inputs
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
});
