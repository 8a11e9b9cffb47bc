/**
 * The adherence view: after a take (the tiny random pack on WASM, so its music is noise and its
 * scores mean nothing), the extraction worker hears it back and the view shows, lane by lane, a
 * score and the asked and heard curves for every drawn lane (intensity and valence), and "free"
 * for the others; Shift+A opens it (listed in help); a take chosen in the takes list gets its own.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';
import { drawIntensity, serveTinyPack } from './helpers/generate.ts';
import { generateTake } from './helpers/takes.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

/** A rising valence curve drawn with the mouse (Draw tool, already chosen by drawIntensity). */
async function drawValence(page: Page): Promise<void> {
  const lane = page.getByTestId('lane-valence');
  await lane.scrollIntoViewIfNeeded();
  const b = (await lane.boundingBox())!;
  await page.mouse.move(b.x + 30, b.y + b.height - 8);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) await page.mouse.move(b.x + 30 + i * 60, b.y + b.height - 8 - i * ((b.height - 16) / 6));
  await page.mouse.up();
  await expect(lane.getByTestId('point').first()).toBeVisible();
}

test('after each take the adherence view scores every drawn lane and shows the others free', async ({ page }) => {
  test.setTimeout(240_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await drawIntensity(page);
  await drawValence(page);
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  await expect(page.getByTestId('generate-panel')).toBeVisible();
  // "Loudness and tempo from the mood" (on by default): the empty rhythm lane got a tempo map from
  // the valence drawn (the intensity lane was drawn, so it stays as it is)
  await expect(page.getByTestId('notice')).toContainText('Loudness and tempo from the mood: drew a tempo map on the rhythm lane');
  await expect(page.getByTestId('take')).toHaveCount(1, { timeout: 90_000 });

  // under the take, once heard back: the drawn lane's headline score
  const summary = page.getByTestId('adherence-summary');
  await expect(summary).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(summary).toContainText(/Followed your lanes: Rhythm \d+ % · Intensity -?\d\.\d\d · .*Valence -?\d\.\d\d/);
  // "Chords from the mood" (on by default): the open harmony lane got chords under the drawn valence
  // before the take, as one undo step, and the take is scored on them
  await expect(page.getByTestId('lane-harmony').getByTestId('chord').first()).toBeVisible();

  // help lists the shortcut; Shift+A opens the view
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('followed your lanes');
  await expect(page.getByTestId('help').locator('tr', { hasText: 'followed your lanes' }).locator('kbd')).toHaveText('Shift+A');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+A');
  const view = page.getByTestId('adherence-panel');
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(view.locator('h2')).toHaveText('How “Take 1” followed your lanes');

  const lanes = view.getByTestId('adherence-lane');
  await expect(lanes).toHaveCount(6);
  expect(await lanes.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-lane')}:${e.getAttribute('data-state')}`))).toEqual([
    'rhythm:scored', 'intensity:scored', 'melody:free', 'harmony:scored', 'valence:scored', 'arousal:free',
  ]);
  const intensity = view.locator('[data-lane="intensity"]');
  for (const id of ['intensity', 'valence']) {
    const lane = view.locator(`[data-lane="${id}"]`);
    const scores = await lane.getByTestId('adherence-score').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), Number(e.getAttribute('data-value'))] as const));
    expect(scores.map(([n]) => n)).toEqual(['PCC', 'CCC', 'RMSE']);
    for (const [name, v] of scores) {
      expect(Number.isFinite(v)).toBe(true);
      if (name === 'RMSE') expect(v).toBeGreaterThan(0); // noise does not follow a drawn curve exactly
      else { expect(v).toBeGreaterThanOrEqual(-1); expect(v).toBeLessThanOrEqual(1); }
    }
    // the asked and heard curves are drawn over the take
    await expect(lane.locator('.recharts-line')).toHaveCount(2);
    await expect(lane.locator('.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  }
  // free lanes draw nothing and score nothing
  await expect(view.locator('[data-lane="melody"]')).toContainText('Free: left to the model, not scored');
  await expect(view.locator('[data-lane="melody"] svg')).toHaveCount(0);
  // for a person to look at: test-results/…/adherence-view.png
  const shot = test.info().outputPath('adherence-view.png');
  await page.setViewportSize({ width: 1400, height: 2400 }); // the whole view, not its scrolled part
  await view.screenshot({ path: shot });
  await test.info().attach('adherence view', { path: shot, contentType: 'image/png' });
  await expect(view.locator('[data-lane="melody"]').getByTestId('adherence-score')).toHaveCount(0);

  // a parted span (noise is far from a drawn curve: RMSE above) is a button that seeks to its start, to hear it
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('play').click();
  await page.keyboard.press('End');
  const part = intensity.getByTestId('adherence-part').first();
  await expect(part).toBeVisible();
  const from = Number((await part.textContent())!.split('–')[0]);
  expect(from).toBeLessThan(5.5);
  await part.click();
  await expect.poll(async () => Number((await page.getByTestId('time').textContent())!.split(':').pop())).toBeCloseTo(from, 1);

  // a second take; choosing the first in the list brings the view back to it
  await page.keyboard.press('t');
  await generateTake(page, 7, 2);
  await expect(summary).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('take').first().getByTestId('take-choose').click();
  await page.keyboard.press('Shift+A');
  await expect(view.locator('h2')).toHaveText('How “Take 1” followed your lanes');
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(view.locator('[data-lane="intensity"]')).toHaveAttribute('data-state', 'scored');
});
