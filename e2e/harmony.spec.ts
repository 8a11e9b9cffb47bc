/** The harmony lane: chords typed on the beat grid, heard with playback, undone, autosaved, in the project file (v2; v1 files open). */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

/** Every synth note starts an oscillator: counting starts shows the audio graph playing. */
async function countOscillatorStarts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { oscillatorStarts: number };
    w.oscillatorStarts = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      w.oscillatorStarts++;
      return start.apply(this, args);
    };
  });
}
const oscillatorStarts = (page: Page) => page.evaluate(() => (window as unknown as { oscillatorStarts: number }).oscillatorStarts);

async function timeOf(page: Page): Promise<number> {
  const [m, s] = (await page.getByTestId('time').textContent())!.split(':').map(Number);
  return m * 60 + s;
}

async function typeChord(page: Page, text: string) {
  const input = page.getByTestId('chord-input');
  await input.fill(text);
  await input.press('Enter');
}

const labels = (page: Page) => page.getByTestId('lane-harmony').getByTestId('chord').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));

async function loadFile(page: Page, content: unknown) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  await (await chooser).setFiles({ name: 'old.undertone.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });
}

test('type three chords, hear them, undo, reload, and round-trip the project file', async ({ page }) => {
  await countOscillatorStarts(page);
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('project-name')).toHaveValue('clip');
  await page.getByTestId('bpm').fill('120'); // bars of 2 s on the 6 s clip

  for (const chord of ['Am', 'F', 'g']) await typeChord(page, chord);
  const chords = page.getByTestId('lane-harmony').getByTestId('chord');
  await expect(chords).toHaveCount(3);
  expect(await labels(page)).toEqual(['Am', 'F', 'G']);
  // Each fills a bar: they start on the downbeats 0, 2 and 4 s.
  const lane = (await page.getByTestId('lane-harmony').boundingBox())!;
  const xs = await chords.evaluateAll((els) => els.map((e) => Number(e.getAttribute('x'))));
  const pxPerSec = lane.width / 6;
  expect(xs.map((x) => Math.round((x / pxPerSec) * 100) / 100)).toEqual([0, 2, 4]);

  // Text that is not a chord is refused with a message, and nothing is added.
  await typeChord(page, 'Hm');
  await expect(page.getByTestId('notice')).toContainText('"Hm" is not a chord');
  await expect(page.getByTestId('chord-input')).toHaveAttribute('aria-invalid', 'true');
  await expect(chords).toHaveCount(3);
  await page.getByTestId('chord-input').fill('');

  // Hear chords: the synth's oscillators start while the clock runs.
  await page.getByTestId('hear-chords').click();
  await expect(page.getByTestId('hear-chords')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Home');
  const before = await oscillatorStarts(page);
  await page.getByTestId('play').click();
  await expect.poll(() => timeOf(page)).toBeGreaterThan(2.3);
  await expect.poll(() => oscillatorStarts(page)).toBeGreaterThanOrEqual(before + 6); // Am and F: three voices each
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');

  // Every typed chord is one undo step.
  await page.keyboard.press('Control+z');
  expect(await labels(page)).toEqual(['Am', 'F']);
  await page.keyboard.press('Control+Shift+z');
  await expect(chords).toHaveCount(3);

  // ↑ / ↓ transpose the selected chord a semitone.
  await chords.first().click();
  await page.keyboard.press('ArrowUp');
  await expect(chords.first()).toHaveAttribute('data-label', 'A#m');
  await page.getByTestId('transpose-down').click();
  await expect(chords.first()).toHaveAttribute('data-label', 'Am');

  // Autosaved: a reload finds them.
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(chords).toHaveCount(3);
  expect(await labels(page)).toEqual(['Am', 'F', 'G']);

  // The project file holds the lane (version 2); loading it back brings a deleted chord back.
  const download = page.waitForEvent('download');
  await page.getByTestId('save-project').click();
  const file = await download;
  const saved = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(saved.version).toBe(2);
  expect(saved.lanes.harmony.chords.map((c: { label: string; start: number }) => [c.label, c.start])).toEqual([['Am', 0], ['F', 2], ['G', 4]]);
  await chords.nth(1).dblclick();
  await expect(chords).toHaveCount(2);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  await (await chooser).setFiles((await file.path())!);
  await expect(chords).toHaveCount(3);
  expect(await labels(page)).toEqual(['Am', 'F', 'G']);
});

test('the key palette adds and relabels chords; a version-1 file opens with an empty harmony lane', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('harmony-key').selectOption('A minor');
  const palette = page.getByTestId('palette-chord');
  await expect(palette).toHaveText(['Am', 'Bdim', 'C', 'Dm', 'Em', 'E', 'F', 'G']);
  await palette.filter({ hasText: /^Dm$/ }).click();
  const chords = page.getByTestId('lane-harmony').getByTestId('chord');
  await expect(chords).toHaveCount(1);
  await chords.first().click();
  await palette.filter({ hasText: /^E$/ }).click();
  await expect(chords.first()).toHaveAttribute('data-label', 'E');
  await page.keyboard.press('Delete');
  await expect(chords).toHaveCount(0);

  await page.keyboard.press('?');
  for (const label of ['Transpose the selected chords up a semitone', 'Hear the harmony lane', 'Type a chord in the harmony header']) {
    await expect(page.getByTestId('help')).toContainText(label);
  }
  await page.keyboard.press('Escape');

  await loadFile(page, {
    format: 'undertone-project', version: 1, id: 'p1', name: 'Old', duration: 12, video: null,
    lanes: { melody: { kind: 'melody', notes: [{ id: 'n1', start: 1, end: 2, pitch: 7 }], free: [] } },
  });
  await expect(page.getByTestId('project-name')).toHaveValue('Old');
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(1);
  await expect(chords).toHaveCount(0);
  await expect(page.getByTestId('harmony-key')).toHaveValue('C major');
});
