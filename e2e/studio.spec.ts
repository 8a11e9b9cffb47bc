import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

async function drag(page: Page, lane: Locator, from: [number, number], to: [number, number], steps = 12) {
  const box = (await lane.boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const f = i / steps;
    // A wavy stroke, so the drawn curve keeps several points after thinning.
    const y = from[1] + (to[1] - from[1]) * f + Math.sin(f * Math.PI * 3) * 12;
    await page.mouse.move(box.x + from[0] + (to[0] - from[0]) * f, box.y + y);
  }
  await page.mouse.up();
}

async function openStudio(page: Page) {
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
}

test('draw, undo/redo, free span, note; all restored after reload; project file round trip', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('project-name')).toHaveValue('clip');

  const intensity = page.getByTestId('lane-intensity');
  const points = intensity.getByTestId('point');
  await expect(points).toHaveCount(0);
  await drag(page, intensity, [60, 20], [700, 60]);
  const drawn = await points.count();
  expect(drawn).toBeGreaterThan(2);

  await page.keyboard.press('Control+z');
  await expect(points).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(points).toHaveCount(drawn);

  await page.keyboard.press('f');
  const valence = page.getByTestId('lane-valence');
  await drag(page, valence, [300, 30], [520, 30], 4);
  await expect(valence.getByTestId('free-span')).toHaveCount(1);

  await page.keyboard.press('d');
  const melody = page.getByTestId('lane-melody');
  // Row 4 from the top of 12 is pitch class 11 − 4 = 7 (G).
  await drag(page, melody, [200, 4 * 12 + 6], [320, 4 * 12 + 6], 4);
  await expect(melody.getByTestId('note')).toHaveCount(1);
  await expect(melody.getByTestId('note')).toHaveAttribute('data-pitch', 'G');

  // Autosave is debounced; give it a moment, then reload as after a crash.
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('project-name')).toHaveValue('clip');
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(drawn);
  await expect(page.getByTestId('lane-valence').getByTestId('free-span')).toHaveCount(1);
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(1);

  // Save the project file, change the project, load the file back: the saved state returns.
  const download = page.waitForEvent('download');
  await page.getByTestId('save-project').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('clip.undertone.json');
  const saved = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(saved.lanes.intensity.points.length).toBe(drawn);
  expect(saved.lanes.melody.notes[0].pitch).toBe(7);
  expect(saved.video.name).toBe('clip.mp4');

  await page.getByTestId('lane-melody').getByTestId('note').dblclick();
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(0);

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  await (await chooser).setFiles((await file.path())!);
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(1);
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(drawn);
});

test('a corrupt project file is refused with a message and the current project is untouched', async ({ page }) => {
  await openStudio(page);
  const intensity = page.getByTestId('lane-intensity');
  await drag(page, intensity, [60, 20], [400, 60]);
  const n = await intensity.getByTestId('point').count();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  await (await chooser).setFiles({ name: 'broken.undertone.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"undertone-project","version":1,"lanes":') });
  await expect(page.getByTestId('notice')).toContainText('not JSON');
  await expect(intensity.getByTestId('point')).toHaveCount(n);
});

test('help overlay lists the shortcuts; rhythm tempo gives a beat grid with downbeats', async ({ page }) => {
  await openStudio(page);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('Undo');
  await expect(page.getByTestId('help')).toContainText('Ctrl+Shift+Z');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);

  await page.getByTestId('bpm').fill('120');
  const rhythm = page.getByTestId('lane-rhythm');
  // 30 s at 120 BPM: 60 beats, one downbeat every 4.
  await expect(rhythm.getByTestId('downbeat')).toHaveCount(15);
  await expect(rhythm.getByTestId('beat')).toHaveCount(45);
  await page.getByTestId('meter').selectOption('3');
  await expect(rhythm.getByTestId('downbeat')).toHaveCount(20);
  // Double-click removes a beat; undo brings it back.
  await rhythm.getByTestId('beat').first().dblclick();
  await expect(rhythm.getByTestId('beat')).toHaveCount(39);
  await page.keyboard.press('Control+z');
  await expect(rhythm.getByTestId('beat')).toHaveCount(40);
});
