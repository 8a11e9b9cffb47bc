import { expect, test, type Page } from '@playwright/test';

async function openStudio(page: Page) {
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
}

async function dragBy(page: Page, x0: number, y0: number, x1: number, y1: number, steps = 8) {
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps });
  await page.mouse.up();
}

test('select tool: box-select points on a curve, delete them, undo', async ({ page }) => {
  await openStudio(page);
  const arousal = page.getByTestId('lane-arousal');
  // Six lanes are taller than the window leaves them: the last one scrolls into view.
  await arousal.scrollIntoViewIfNeeded();
  const b = (await arousal.boundingBox())!;
  // Draw a zig-zag across the lane so several points survive thinning.
  await page.mouse.move(b.x + 20, b.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(b.x + 20 + i * 40, b.y + (i % 2 ? b.height - 10 : 10));
  await page.mouse.up();
  const points = arousal.getByTestId('point');
  const n = await points.count();
  expect(n).toBeGreaterThan(10);

  await page.keyboard.press('v');
  // Box over the left half: every point whose x lies in it is selected.
  const xs = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('cx'))));
  const inBox = xs.filter((x) => x >= 10 && x <= 400).length;
  await dragBy(page, b.x + 10, b.y + 1, b.x + 400, b.y + b.height - 1);
  await expect(arousal.locator('circle.point.selected')).toHaveCount(inBox);
  await page.keyboard.press('Delete');
  await expect(points).toHaveCount(n - inBox);
  await page.keyboard.press('Control+z');
  await expect(points).toHaveCount(n);
});

test('beats: drag one, add one on the strip, snap a note to the grid', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('bpm').fill('60');
  const rhythm = page.getByTestId('lane-rhythm');
  const beats = rhythm.getByTestId('beat');
  await expect(beats).toHaveCount(22); // 30 s at 60 BPM: 30 beats, 8 of them downbeats
  const lane = (await rhythm.boundingBox())!;
  const pxPerSec = lane.width / 30;

  // Drag beat 1 (t = 1 s) to t = 1.5 s.
  const beat = (await beats.first().boundingBox())!;
  await dragBy(page, beat.x + beat.width / 2, beat.y + beat.height / 2, beat.x + beat.width / 2 + 0.5 * pxPerSec, beat.y + beat.height / 2);
  const moved = await beats.first().getAttribute('x');
  expect(Number(moved) + 2.5).toBeCloseTo(1.5 * pxPerSec, 0);

  // Draw tool: a click on an empty part of the strip adds a beat there.
  await page.mouse.click(lane.x + 7.5 * pxPerSec, lane.y + 8);
  await expect(beats).toHaveCount(23);

  // With snap on, a note drawn near beat 10 s starts exactly on it.
  const melody = page.getByTestId('lane-melody');
  const m = (await melody.boundingBox())!;
  await dragBy(page, m.x + 10.1 * pxPerSec, m.y + 6, m.x + 11.9 * pxPerSec, m.y + 6, 4);
  const note = melody.getByTestId('note');
  await expect(note).toHaveCount(1);
  expect(Number(await note.getAttribute('x'))).toBeCloseTo(10 * pxPerSec, 0);
  expect(Number(await note.getAttribute('width'))).toBeCloseTo(2 * pxPerSec, 0);
});

test('zoom and scroll the timeline', async ({ page }) => {
  await openStudio(page);
  const ruler = page.getByTestId('ruler');
  const first = async () => (await ruler.locator('text').first().textContent())!;
  expect(await first()).toBe('0:00');
  for (let i = 0; i < 4; i++) await page.keyboard.press('=');
  await expect(page.getByTestId('scrollbar')).toBeVisible();
  const thumb = page.getByTestId('scrollbar').locator('.thumb');
  await thumb.scrollIntoViewIfNeeded();
  const t = (await thumb.boundingBox())!;
  await dragBy(page, t.x + t.width / 2, t.y + 4, t.x + t.width / 2 + 300, t.y + 4);
  await expect.poll(first).not.toMatch(/^0:00/);
  await page.keyboard.press('0');
  await expect.poll(first).toBe('0:00');
});
