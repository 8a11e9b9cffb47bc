/** Shared by the generation specs: the tiny random pack served under /models/tiny-pack, a drawn curve, the exported take. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { decodeWav } from '../../src/engine/audio/wav.ts';

const TINY = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'music', 'tiny-pack');

/** `damage`: a file served with one byte flipped, as a broken download would arrive. */
export async function serveTinyPack(page: Page, damage?: string): Promise<void> {
  // context-wide, so the generation worker's fetches are served too
  await page.context().route('**/models/tiny-pack/*', (route) => {
    const file = path.basename(new URL(route.request().url()).pathname);
    const contentType = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    if (file !== damage) return route.fulfill({ path: path.join(TINY, file), contentType });
    const body = readFileSync(path.join(TINY, file));
    body[1000] ^= 0xff;
    return route.fulfill({ body, contentType });
  });
}

/**
 * The installed pack (public/models/music-v8) as a page would find it in other states: `missing`
 * answers its manifest with 404, `untrained` serves the tiny random pack's manifest (no
 * `"trained": true`) in its place. Context-wide, so the generation worker sees the same.
 */
export async function shippedPackAs(page: Page, state: 'missing' | 'untrained'): Promise<void> {
  await page.context().route('**/models/music-v8/manifest.json', (route) => state === 'missing'
    ? route.fulfill({ status: 404, body: 'not found' })
    : route.fulfill({ path: path.join(TINY, 'manifest.json'), contentType: 'application/json' }));
}

/** A few points on the intensity lane, drawn with the mouse. */
export async function drawIntensity(page: Page): Promise<void> {
  const lane = page.getByTestId('lane-intensity');
  await lane.scrollIntoViewIfNeeded();
  const b = (await lane.boundingBox())!;
  await page.keyboard.press('d');
  await page.mouse.move(b.x + 30, b.y + 10);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(b.x + 30 + i * 50, b.y + (i % 2 ? b.height - 10 : 10));
  await page.mouse.up();
  await expect(lane.getByTestId('point').first()).toBeVisible();
}

/** The video descriptors autosaved in IndexedDB (persist/descriptors.ts): their clip's hash and frames. */
export function storedDescriptors(page: Page): Promise<{ hash: string; frames: number } | null> {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('undertone');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('media').objectStore('media').get('descriptors');
      get.onsuccess = () => {
        open.result.close();
        const v = get.result as { hash: string; video: { frames: number } } | undefined;
        resolve(v ? { hash: v.hash, frames: v.video.frames } : null);
      };
    };
  }));
}

/** The take as Export WAV writes it (32 kHz, 16-bit by default): length in seconds and RMS. */
export async function exportedTake(page: Page): Promise<{ seconds: number; rms: number }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-wav').click();
  const wav = decodeWav(readFileSync(await (await download).path()));
  const x = wav.channels[0];
  return { seconds: x.length / wav.sampleRate, rms: Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length) };
}
