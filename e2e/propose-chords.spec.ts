/** Propose chords: the planner fills what the harmony lane leaves open, in real Chromium, one undo step. */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

interface Block { id: string; label: string; start: number; end: number }

/** The lane's chords as the page draws them; times from each block's accessible name. */
const blocks = (page: Page): Promise<Block[]> => page.getByTestId('lane-harmony').getByTestId('chord').evaluateAll((els) => els.map((e) => {
  const m = /(\d+\.\d+)–(\d+\.\d+) s$/.exec(e.getAttribute('aria-label') ?? '')!;
  return { id: e.getAttribute('data-chord')!, label: e.getAttribute('data-label')!, start: Number(m[1]), end: Number(m[2]) };
}));

const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test('propose chords for the empty lane, then for a free span; undo; the help lists it', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  // The analysis puts the clip's cuts (2 s and 4 s) in the studio: the planner changes chords there.
  await expect(page.getByTestId('analysis-summary')).toContainText('2 cuts in 6.0 s');
  await page.getByTestId('bpm').fill('120'); // bars of 2 s
  const input = page.getByTestId('chord-input');
  await input.fill('Am');
  await input.press('Enter');
  await expect(page.getByTestId('lane-harmony').getByTestId('chord')).toHaveCount(1);

  // P: the empty rest of the lane gets chords; Am stays; a change on each bar line and cut.
  await blur(page);
  await page.keyboard.press('p');
  await expect.poll(async () => (await blocks(page)).length).toBeGreaterThanOrEqual(3);
  const first = await blocks(page);
  expect(first[0]).toMatchObject({ label: 'Am', start: 0, end: 2 });
  expect(first.map((b) => b.start)).toEqual(expect.arrayContaining([0, 2, 4]));
  expect(first[first.length - 1].end).toBe(6);
  for (let i = 1; i < first.length; i++) expect(first[i].start).toBe(first[i - 1].end);
  await expect(page.getByTestId('notice')).toContainText(/Proposed \d chords? in [A-G][#b]? (major|minor) for 2\.0–6\.0 s/);

  // Mark 2-4 s free on the harmony lane, then the button proposes for that span only.
  const lane = (await page.getByTestId('lane-harmony').boundingBox())!;
  const x = (t: number) => lane.x + (lane.width * t) / 6;
  await page.keyboard.press('f');
  await page.mouse.move(x(2.02), lane.y + lane.height / 2);
  await page.mouse.down();
  await page.mouse.move(x(3.98), lane.y + lane.height / 2, { steps: 6 });
  await page.mouse.up();
  const free = page.getByTestId('lane-harmony').getByTestId('free-span');
  await expect(free).toHaveCount(1);
  await page.getByTestId('propose-chords').click();
  await expect(free).toHaveCount(0);
  const second = await blocks(page);
  const span = { start: second.find((b) => b.start > 1.9 && b.start < 2.2)!.start, end: 0 };
  span.end = second.find((b) => b.end > 3.8 && b.end < 4.2)!.end;
  // Outside the span nothing moved; inside it the chords are new blocks.
  const outside = (bs: Block[]) => bs.filter((b) => b.end <= span.start + 1e-3 || b.start >= span.end - 1e-3);
  expect(outside(second)).toEqual(outside(first));
  const inside = second.filter((b) => b.start >= span.start - 1e-3 && b.end <= span.end + 1e-3);
  expect(inside.length).toBeGreaterThanOrEqual(1);
  for (const b of inside) expect(first.map((f) => f.id)).not.toContain(b.id);

  // One undo step back to the free span over the earlier chords.
  await page.keyboard.press('Control+z');
  await expect(free).toHaveCount(1);
  expect(await blocks(page)).toEqual(first);

  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('Propose chords for the harmony lane’s free and empty spans');
});

test('"From the picture" proposes chords that change on the cuts; Accept is one undo step', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  const panel = page.getByTestId('analysis-panel');
  await expect(panel.getByTestId('analysis-summary')).toContainText('2 cuts in 6.0 s');
  const proposal = panel.getByTestId('proposal-harmony');
  await expect(proposal).toContainText(/^Harmony[A-G][#b]? (major|minor): \d+ chords? \(.*\), a change on 2 of 2 cuts/);
  await proposal.getByTestId('accept-harmony').click();
  await expect.poll(async () => (await blocks(page)).length).toBeGreaterThanOrEqual(3);
  const chords = await blocks(page);
  expect(chords.map((b) => b.start)).toEqual(expect.arrayContaining([0, 2, 4]));
  expect(chords[chords.length - 1].end).toBe(6);
  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('lane-harmony').getByTestId('chord')).toHaveCount(0);
});
