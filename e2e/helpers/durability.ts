/**
 * Shared by e2e/durability.spec.ts and scripts/soak-autosave.ts: random edits on the curve lanes,
 * then a reload or a renderer kill (CDP Page.crash) at a random moment, then a count of the edits
 * that did not come back.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const CURVE_LANES = ['intensity', 'valence', 'arousal'] as const;

export async function openStudio(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
}

/** Every drawn point of the curve lanes, as lane:x,y with x, y rounded to a pixel. */
export async function curvePoints(page: Page): Promise<string[]> {
  return page.evaluate((lanes) => lanes.flatMap((id) =>
    [...document.querySelectorAll(`[data-testid="lane-${id}"] [data-testid="point"]`)]
      .map((c) => `${id}:${Math.round(Number(c.getAttribute('cx')))},${Math.round(Number(c.getAttribute('cy')))}`)), [...CURVE_LANES]);
}

/** Points of one curve lane in the project IndexedDB holds now (not the write-ahead journal). */
export async function storedPointCount(page: Page, lane: string): Promise<number> {
  return page.evaluate((id) => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('undertone');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('projects').objectStore('projects').get('current');
      get.onsuccess = () => {
        open.result.close();
        resolve(get.result ? JSON.parse(get.result as string).lanes[id].points.length : 0);
      };
    };
  }), lane);
}

/** Kill the renderer (as a crash would), then open the studio again in a new tab of the same profile. */
export async function crashAndReopen(page: Page, context: BrowserContext): Promise<Page> {
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  // Not awaited: the answer never comes, the renderer is gone.
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  // The crashed tab stays (closing a crashed page can hang); its renderer, and its lock, are gone.
  const next = await context.newPage();
  await openStudio(next);
  return next;
}

/** A deterministic PRNG (mulberry32), so a failing cycle can be replayed by its seed. */
export function rng(seed: number): () => number {
  let a = (seed * 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface CycleResult {
  readonly page: Page;
  readonly edits: number;
  readonly lost: number;
  readonly how: 'reload' | 'crash';
  readonly delayMs: number;
}

/**
 * One cycle: 1–8 clicks that each add (or replace) a point on a random curve lane, 0–120 ms
 * apart; then, 0–400 ms after the last one (often 0: before any debounce could fire), a reload
 * or a renderer kill. Every point shown before the kill must be there after it.
 */
export async function randomEditCycle(page: Page, context: BrowserContext, seed: number, how?: 'reload' | 'crash'): Promise<CycleResult> {
  const rand = rng(seed + 1);
  const edits = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < edits; i++) {
    const id = CURVE_LANES[Math.floor(rand() * CURVE_LANES.length)];
    const b = (await page.getByTestId(`lane-${id}`).boundingBox())!;
    await page.mouse.click(b.x + 10 + rand() * (b.width - 20), b.y + 6 + rand() * (b.height - 12));
    if (rand() < 0.5) await page.waitForTimeout(rand() * 120);
  }
  const expected = await curvePoints(page);
  const delayMs = rand() < 0.4 ? 0 : Math.round(rand() * 400);
  if (delayMs) await page.waitForTimeout(delayMs);
  const kind = how ?? (rand() < 0.5 ? 'reload' : 'crash');
  let next = page;
  if (kind === 'crash') next = await crashAndReopen(page, context);
  else {
    await page.reload();
    await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  }
  const got = new Set(await curvePoints(next));
  const lost = expected.filter((p) => !got.has(p)).length + Math.max(0, got.size - expected.length);
  return { page: next, edits, lost, how: kind, delayMs };
}
