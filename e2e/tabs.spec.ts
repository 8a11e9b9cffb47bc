/** Two tabs of the studio: one owns the project, the other says so, offers to take over, never overwrites. */
import { expect, test, type Page } from '@playwright/test';
import { curvePoints, openStudio } from './helpers/durability.ts';

async function click(page: Page, lane: string, x: number, y: number) {
  // The lanes scroll when the window is lower than all of them.
  await page.getByTestId(`lane-${lane}`).scrollIntoViewIfNeeded();
  const b = (await page.getByTestId(`lane-${lane}`).boundingBox())!;
  await page.mouse.click(b.x + x, b.y + y);
}

test('a second tab says the project is open elsewhere; take-over moves ownership without losing work', async ({ page, context }) => {
  await openStudio(page);
  await expect(page.locator('.studio')).toHaveAttribute('data-ownership', 'owner');
  await click(page, 'intensity', 100, 20);
  await click(page, 'intensity', 300, 40);

  const second = await context.newPage();
  await openStudio(second);
  await expect(second.locator('.studio')).toHaveAttribute('data-ownership', 'elsewhere');
  await expect(second.getByTestId('tab-guard')).toContainText('open in another tab');
  // The first tab keeps editing; the second saves nothing over it.
  await click(page, 'valence', 500, 20);
  await expect(page.getByTestId('lane-valence').getByTestId('point')).toHaveCount(1);
  const firstWork = await curvePoints(page);

  await second.getByTestId('take-over').click();
  await expect(second.locator('.studio')).toHaveAttribute('data-ownership', 'owner');
  // It took the first tab's newest work, including the edit made after it opened.
  await expect.poll(() => curvePoints(second)).toEqual(firstWork);
  await expect(page.locator('.studio')).toHaveAttribute('data-ownership', 'elsewhere');
  await expect(page.getByTestId('tab-guard')).toBeVisible();
  // Keys in the tab that lost the project do nothing (it is read-only now).
  await page.keyboard.press('Control+z');
  expect(await curvePoints(page)).toEqual(firstWork);

  await click(second, 'arousal', 700, 30);
  await expect(second.getByTestId('lane-arousal').getByTestId('point')).toHaveCount(1);
  const secondWork = await curvePoints(second);
  await second.reload();
  await expect(second.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect.poll(() => curvePoints(second)).toEqual(secondWork);
});

test('a waiting tab becomes the owner by itself when the owner closes, with its latest work', async ({ page, context }) => {
  await openStudio(page);
  const second = await context.newPage();
  await openStudio(second);
  await expect(second.locator('.studio')).toHaveAttribute('data-ownership', 'elsewhere');
  await click(page, 'arousal', 240, 20);
  const work = await curvePoints(page);
  await page.close();
  await expect(second.locator('.studio')).toHaveAttribute('data-ownership', 'owner');
  await expect(second.getByTestId('tab-guard')).toHaveCount(0);
  await expect.poll(() => curvePoints(second)).toEqual(work);
});
