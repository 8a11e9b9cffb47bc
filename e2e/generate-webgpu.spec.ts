/**
 * The WebGPU path in headless Chromium (--enable-unsafe-webgpu gives a software adapter): the tiny
 * pack loads on WebGPU with the reason shown, and writes on it — the step at a window's start no
 * longer meets an empty KV cache (engine/generate/empty-past.ts; with one, onnxruntime-web failed
 * in createBindGroup, "Required member is undefined", and the take went on on WASM). The software
 * adapter is slow (the fp32 codec decoder opens in 15-40 s and decodes a chunk in about 8 s), so the
 * spec hears the first chunks only, then cancels. WebGPU failing while writing → WASM from the last
 * frame is tested in Node (test/workers/generate-worker.test.ts). The KV cache stays on the GPU from
 * step to step (the step's presents as 'gpu-buffer' outputs: GenerateSummary.cache counts where each
 * run left it). A file of its own: the launch flag
 * needs its own browser.
 */
import { expect, test } from '@playwright/test';
import { openStudio } from './helpers/durability.ts';
import { exportedTake, serveTinyPack } from './helpers/generate.ts';

// headless Chromium shows WebGPU only with this flag; the rest as playwright.config.ts
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-webgpu', '--autoplay-policy=no-user-gesture-required'] } });

test('the pack loads on WebGPU when an adapter exists and writes on it: the take sounds', async ({ page }) => {
  test.setTimeout(480_000); // the software adapter under a training run's load: the load alone took 150 s and more
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 300_000 });
  await expect(page.getByTestId('generate-backend')).toContainText('a WebGPU adapter is present');
  const status = page.getByTestId('generate-status');
  await expect(status).toContainText(/[1-9]\.\d s to hear|0\.[1-9] s to hear/, { timeout: 120_000 });
  await page.getByTestId('generate-cancel').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  // written on WebGPU throughout: no fallback
  await expect(page.getByTestId('generate-backend')).toHaveAttribute('data-backend', 'webgpu');
  // the KV cache stayed on the GPU (preferredOutputLocation 'gpu-buffer'): every step's presents came
  // back as GPU tensors except the first step's over an empty cache (engine/generate/empty-past.ts)
  const cache = JSON.parse((await status.getAttribute('data-cache'))!) as { onCpu: number; onDevice: number };
  expect(cache.onCpu).toBe(1);
  expect(cache.onDevice).toBeGreaterThan(10);
  const kept = Number((await status.textContent())!.match(/the ([\d.]+) s written/)![1]);
  const take = await exportedTake(page);
  expect(take.seconds).toBeCloseTo(kept, 1);
  expect(take.rms).toBeGreaterThan(0.01);
});
