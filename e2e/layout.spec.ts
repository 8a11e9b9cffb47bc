/** The studio fits the window: at 1280×720 and 1400×900 every lane is reachable with the video in view. */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');
const LANES = ['rhythm', 'intensity', 'melody', 'harmony', 'valence', 'arousal'];

async function inView(page: Page, testId: string) {
  const b = (await page.getByTestId(testId).boundingBox())!;
  const vh = page.viewportSize()!.height;
  return b.y >= 0 && b.y + b.height <= vh + 0.5;
}

for (const [width, height] of [[1280, 720], [1400, 900]]) {
  test(`at ${width}×${height} every lane is reachable without losing the video`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openStudio(page);
    await page.getByTestId('open-video-input').setInputFiles(CLIP);
    await expect(page.getByTestId('video')).toBeVisible();
    // The page itself never scrolls: the lanes do.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(height);
    for (const id of LANES) {
      const lane = page.getByTestId(`lane-${id}`);
      await lane.scrollIntoViewIfNeeded();
      expect(await inView(page, `lane-${id}`)).toBe(true);
      expect(await inView(page, 'video')).toBe(true);
      expect((await page.getByTestId('video').boundingBox())!.height).toBeGreaterThan(80);
      // The ruler stays on top of the scrolled lanes.
      expect(await inView(page, 'ruler')).toBe(true);
    }
  });
}

test('a notice floats: it does not move the lanes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openStudio(page);
  const before = (await page.getByTestId('lane-intensity').boundingBox())!;
  await page.getByTestId('open-video-input').setInputFiles({ name: 'still.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(0)]) });
  await expect(page.getByTestId('notice')).toContainText('is a still image');
  expect((await page.getByTestId('lane-intensity').boundingBox())!.y).toBe(before.y);
});

test('resizing the window refits the timeline', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openStudio(page);
  const laneWidth = async () => Number(await page.getByTestId('lane-intensity').getAttribute('width'));
  const rulerEnd = async () => (await page.getByTestId('ruler').locator('text').last().textContent())!;
  const wide = await laneWidth();
  const lastLabel = await rulerEnd();
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(laneWidth).toBeLessThan(wide - 100);
  // Still the whole clip: the lane's width matches the timeline, and the ruler still reaches the end.
  const timeline = (await page.getByTestId('lane-scroll').boundingBox())!;
  expect(await laneWidth()).toBeGreaterThan(timeline.width - 150 - 20);
  expect(await laneWidth()).toBeLessThanOrEqual(timeline.width - 150);
  await expect.poll(rulerEnd).toBe(lastLabel);
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect.poll(laneWidth).toBe(wide);
});
