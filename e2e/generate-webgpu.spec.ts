/**
 * The WebGPU path in headless Chromium (--enable-unsafe-webgpu gives a software adapter): the tiny
 * pack loads on WebGPU with the reason shown. Writing then fails on this adapter (onnxruntime-web
 * cannot bind a buffer: "createBindGroup … Required member is undefined"), and the take goes on on
 * WASM from the last frame, saying why — the failure path of a lost device. A file of its own: the
 * launch flag needs its own browser.
 */
import { expect, test } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';
import { exportedTake, serveTinyPack } from './helpers/generate.ts';

// headless Chromium shows WebGPU only with this flag; the rest as playwright.config.ts
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-webgpu', '--autoplay-policy=no-user-gesture-required'] } });

test('the pack loads on WebGPU when an adapter exists; when WebGPU fails while writing, the take goes on on WASM', async ({ page }) => {
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await expect(page.getByTestId('generate-backend')).toContainText('a WebGPU adapter is present');
  // WebGPU fails while writing here: the take goes on on WASM and the panel says why
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page.getByTestId('generate-backend')).toContainText('WebGPU failed while writing');
  const status = page.getByTestId('generate-status');
  await expect(status).toContainText(/[1-9]\.\d s to hear/, { timeout: 60_000 });
  await page.getByTestId('generate-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  const kept = Number((await status.textContent())!.match(/the ([\d.]+) s written/)![1]);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(kept, 1);
  expect(take.rms).toBeGreaterThan(0.01);
});
