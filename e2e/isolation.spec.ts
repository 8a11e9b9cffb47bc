import { expect, test } from '@playwright/test';

test('the page is cross-origin isolated and requests nothing from another origin', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(baseURL!) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  const res = await page.goto('/');
  expect(res!.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(res!.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(res!.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  expect(foreign).toEqual([]);
});
