/**
 * npm run bench:export — how long Export MP4 takes in Chromium with each writer: mediabunny in
 * the page (video packets copied, the sound encoded by WebCodecs) and ffmpeg.wasm (`-c:v copy`,
 * AAC), on the 6 s e2e fixture and on bench:video's 20 s 720p clip (make it with
 * `npm run bench:video -- --no-browser --no-node` first, or it is skipped). Median of several runs;
 * the ffmpeg times include starting ffmpeg.wasm (as every export does).
 *   --runs N (default 5)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const root = resolve(import.meta.dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

const clips = [
  { label: 'fixture (6 s 320×180 H.264)', path: join(root, 'e2e', 'fixtures', 'clip.mp4'), seconds: 6 },
  { label: '720p30 H.264 4 Mb/s, 20 s', path: join(root, '.cache', 'bench', 'clip720-4M-20s.mp4'), seconds: 20 },
].filter((c) => existsSync(c.path));

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { createServer } = await import('vite');
const { chromium } = await import('@playwright/test');
const port = Number(process.env.E2E_PORT ?? 4182);
console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${load()}`);
const server = await createServer({ root, logLevel: 'error', server: { port, strictPort: true, host: '127.0.0.1' } });
await server.listen();
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/scripts/bench-export.html`, { timeout: 180_000 }); // a cold dev server bundles deps first
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 180_000 });
  for (const c of clips) {
    for (const writer of ['mediabunny', 'ffmpeg'] as const) {
      const ms: number[] = [];
      let last = { bytes: 0, sound: '' };
      for (let r = 0; r < RUNS; r++) {
        const res = await page.evaluate(([u, w, s]) => window.benchExport(u, w, s), [`/@fs${c.path}`, writer, c.seconds] as const);
        ms.push(res.ms);
        last = res;
      }
      console.log(`${c.label}, ${writer} (${last.sound}, ${(last.bytes / 1e6).toFixed(2)} MB): median ${(median(ms) / 1000).toFixed(2)} s  [${ms.map((x) => (x / 1000).toFixed(2)).join(', ')}]`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`load average at the end: ${load()}`);
