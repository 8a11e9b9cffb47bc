/** Keyboard: playhead (arrows, Home/End, J/K/L), loop in/out (I/O), lanes and points by Tab, arrows and Delete. */
import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';

async function timeOf(page: Page): Promise<number> {
  const [m, s] = (await page.getByTestId('time').textContent())!.split(':').map(Number);
  return m * 60 + s;
}

test('arrows, Home/End and J/K/L move the playhead; I/O set the loop; all listed in help', async ({ page }) => {
  await openStudio(page);
  await page.keyboard.press('End');
  await expect.poll(() => timeOf(page)).toBe(30);
  await page.keyboard.press('Home');
  await expect.poll(() => timeOf(page)).toBe(0);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight'); // 5 frames at 25 fps
  await expect.poll(() => timeOf(page)).toBeCloseTo(0.2, 5);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => timeOf(page)).toBeCloseTo(1.2, 5);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => timeOf(page)).toBeCloseTo(1.16, 5);

  await page.keyboard.press('i');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('o');
  await page.keyboard.press('Shift+L');
  await expect(page.getByTestId('loop')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('loop')).toHaveText('Loop 0:01.2–0:03.2') // 1.16 s and 3.16 s;
  await page.keyboard.press('Shift+L');
  await expect(page.getByTestId('loop')).toHaveAttribute('aria-pressed', 'false');

  await page.keyboard.press('l');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => timeOf(page)).toBeGreaterThan(3.5);
  await page.keyboard.press('k');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const stopped = await timeOf(page);
  await page.keyboard.press('j');
  await expect.poll(() => timeOf(page)).toBeLessThan(stopped - 0.3);
  await page.keyboard.press('k');
  const back = await timeOf(page);
  await page.waitForTimeout(300);
  expect(await timeOf(page)).toBe(back);

  await page.keyboard.press('?');
  const help = page.getByTestId('help');
  for (const label of ['Playhead back one frame', 'Playhead to the start', 'Playhead to the end', 'Play backward', 'Stop', 'Play forward',
    'Loop start (in) at the playhead', 'Loop end (out) at the playhead', 'Move the selected points, notes or chords one frame later', 'Tab to a lane']) {
    await expect(help).toContainText(label);
  }
  await expect(help).toContainText('←');
});

test('Tab reaches a lane and its points with a visible focus; arrows move a point, Delete removes it', async ({ page }) => {
  await openStudio(page);
  const lane = page.getByTestId('lane-intensity');
  const b = (await lane.boundingBox())!;
  await page.mouse.click(b.x + 300, b.y + b.height / 2);
  await page.mouse.click(b.x + 600, b.y + b.height / 2);
  const points = lane.getByTestId('point');
  await expect(points).toHaveCount(2);
  await page.keyboard.press('Escape');

  await lane.focus();
  await page.keyboard.press('Tab');
  const first = points.first();
  await expect(first).toBeFocused();
  await expect(first).toHaveClass(/selected/);
  // The focus ring shows (focus-visible: a yellow, thicker stroke).
  expect(await first.evaluate((el) => getComputedStyle(el).strokeWidth)).toBe('3px');

  const cx = Number(await first.getAttribute('cx'));
  const cy = Number(await first.getAttribute('cy'));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowRight'); // 10 frames = 0.4 s
  await expect.poll(async () => Number(await first.getAttribute('cy'))).toBeLessThan(cy);
  const pxPerSec = b.width / 30;
  await expect.poll(async () => Number(await first.getAttribute('cx'))).toBeCloseTo(cx + 0.4 * pxPerSec, 0);
  expect(await timeOf(page)).toBe(0); // the arrows moved the point, not the playhead
  // Undo takes the two moves back one by one.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Number(await first.getAttribute('cy'))).toBeCloseTo(cy, 3);

  await lane.focus();
  await page.keyboard.press('Tab');
  await expect(first).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(points).toHaveCount(1);

  // Melody notes are Tab stops too: Up raises the note a semitone.
  const melody = page.getByTestId('lane-melody');
  const m = (await melody.boundingBox())!;
  await page.mouse.move(m.x + 200, m.y + 4 * 12 + 6);
  await page.mouse.down();
  await page.mouse.move(m.x + 320, m.y + 4 * 12 + 6, { steps: 4 });
  await page.mouse.up();
  const note = melody.getByTestId('note');
  await expect(note).toHaveAttribute('data-pitch', 'G');
  await page.keyboard.press('Escape');
  await melody.focus();
  await page.keyboard.press('Tab');
  await expect(note).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(note).toHaveAttribute('data-pitch', 'G♯');
});
