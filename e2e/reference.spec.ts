import { expect, test } from '@playwright/test';
import { encodeWav } from '../src/engine/audio/wav.ts';

/** 10 s of clicks at 120 BPM in 4/4 (accented downbeats) over a quiet A-minor pad, at 44.1 kHz. */
function clickTrack(): Buffer {
  const rate = 44100;
  const x = new Float32Array(rate * 10);
  for (let i = 0; i < x.length; i++) {
    const t = i / rate;
    x[i] = 0.05 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 261.63 * t) + Math.sin(2 * Math.PI * 329.63 * t));
  }
  for (let k = 0; k < 20; k++) {
    const start = Math.round((0.5 + k * 0.5) * rate);
    const amp = k % 4 === 0 ? 0.9 : 0.45;
    for (let j = 0; j < 0.03 * rate; j++) x[start + j] += amp * Math.exp(-j / (0.004 * rate)) * Math.sin(2 * Math.PI * 1800 * (j / rate));
  }
  return Buffer.from(encodeWav([x], rate, 'pcm16'));
}

test('a reference track offers its curves lane by lane; taking rhythm gives its tempo and undo restores', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await page.getByTestId('reference-button').click();
  await page.getByTestId('reference-file').setInputFiles({ name: 'clicks.wav', mimeType: 'audio/wav', buffer: clickTrack() });
  const rhythm = page.getByTestId('proposal-rhythm');
  await expect(rhythm).toBeVisible({ timeout: 30_000 });
  await rhythm.getByRole('button', { name: /take/i }).click();
  await expect(page.getByTestId('bpm')).toHaveValue(/^1(19|20|21)(\.\d)?$/);
  const downbeats = page.getByTestId('lane-rhythm').getByTestId('downbeat');
  expect(await downbeats.count()).toBeGreaterThanOrEqual(4);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('bpm')).toHaveValue('');
});

test('a file that is not audio gets a clear message and the lanes stay as they were', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await page.getByTestId('bpm').fill('90');
  await page.getByTestId('reference-button').click();
  await page.getByTestId('reference-file').setInputFiles({ name: 'notes.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('this is not audio at all') });
  await expect(page.getByTestId('reference-panel').getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('bpm')).toHaveValue('90');
});
