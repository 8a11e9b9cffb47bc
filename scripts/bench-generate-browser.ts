/**
 * npm run bench:generate -- --browser — the browser half of issue 12's bench: the studio's own
 * Generate in headless Chromium (Debian's, the e2e tests' flags), onnxruntime-web WASM with the
 * threads the page gets (cross-origin isolated: 2 on this machine), the pack's WASM variants.
 * Per run: times faster than real time (the panel's own "Wrote N s in M s") and time to first audio
 * (Generate pressed → the Transport playing the take: playback starts as soon as the writing stays
 * ahead of it). A fresh page per run (the pack files come from Cache Storage after the first: that is
 * what a person's second take costs, so the first, cold run is reported apart). Median of runs,
 * machine and load printed; reports, asserts nothing. Needs `npm run build` first (it says so).
 *   --pack DIR (default test/fixtures/music/tiny-pack; untrained packs through ?test-pack=)  --runs N (3)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = resolve(import.meta.dirname, '..');
const packDir = resolve(root, opt('--pack', 'test/fixtures/music/tiny-pack'));
const RUNS = Number(opt('--runs', '3')), PORT = Number(opt('--port', '4391'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('no dist/: run `npm run build` first');
const id = basename(packDir);
const trained = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')).trained === true;

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
    if (i > 100) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
  const context = await browser.newContext();
  // the pack under test, served from its folder (a trained pack in public/models is served as it is)
  await context.route(`**/models/${id}/*`, (route) => route.fulfill({ path: join(packDir, basename(new URL(route.request().url()).pathname)) }));
  const rows: { rtf: number; firstAudioMs: number; seconds: number }[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const page = await context.newPage();
    await page.goto(`${base}/?backend=wasm${trained && id === 'music-v1' ? '' : `&test-pack=${id}`}`);
    await page.locator('.studio[data-restored="true"]').waitFor();
    await page.getByTestId('generate').waitFor({ state: 'visible' });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="generate"]') as HTMLButtonElement).disabled);
    const t0 = Date.now();
    await page.getByTestId('generate').click();
    await page.locator('[data-testid="play"][aria-pressed="true"]').waitFor({ timeout: 120_000 });
    const firstAudioMs = Date.now() - t0;
    const done = page.locator('[data-testid="generate-status"][data-state="done"]');
    await done.waitFor({ timeout: 300_000 });
    const m = (await done.textContent())!.match(/Wrote ([\d.]+) s in ([\d.]+) s/)!;
    rows.push({ rtf: Number(m[1]) / Number(m[2]), firstAudioMs, seconds: Number(m[1]) });
    await page.close();
  }
  await browser.close();
  const [cold, ...warm] = rows;
  const cpus = os.cpus();
  console.log(`headless Chromium (${(await (await fetch(base)).headers.get('cross-origin-embedder-policy')) ? 'cross-origin isolated' : 'not isolated'}), pack ${id}, ${warm[0]?.seconds ?? cold.seconds} s a take, WASM:`);
  console.log(`  cold (files fetched): ${cold.rtf.toFixed(2)}× real time, first audio after ${cold.firstAudioMs} ms`);
  console.log(`  median of ${warm.length} (files from Cache Storage): ${median(warm.map((w) => w.rtf)).toFixed(2)}× real time, first audio after ${median(warm.map((w) => w.firstAudioMs))} ms`);
  console.log(`  machine: ${cpus[0]?.model ?? 'cpu'} × ${cpus.length}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  server.kill();
}
