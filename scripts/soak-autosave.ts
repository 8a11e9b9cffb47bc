/**
 * The autosave soak (issue 9): 50 cycles of random edits on the curve lanes, each ended by a
 * reload or a renderer kill (CDP Page.crash) at a random moment, counting the edits that did
 * not come back. Needs a production build (npm run soak:autosave builds one) and Debian's
 * Chromium. Prints one line per cycle and a summary; exits 1 when any edit was lost.
 *
 *   npm run soak:autosave -- [--cycles 50] [--seed 1]
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { chromium } from '@playwright/test';
import { openStudio, randomEditCycle } from '../e2e/helpers/durability.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const cycles = arg('cycles', 50);
const seed = arg('seed', 1);
const port = arg('port', 4189);
const base = `http://127.0.0.1:${port}/`;

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server did not start on ${base}`);
}

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
try {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 } });
  let page = await context.newPage();
  await openStudio(page);
  let edits = 0, lost = 0, crashes = 0, reloads = 0;
  const t0 = Date.now();
  for (let c = 0; c < cycles; c++) {
    const r = await randomEditCycle(page, context, seed * 1000 + c);
    page = r.page;
    edits += r.edits;
    lost += r.lost;
    if (r.how === 'crash') crashes++; else reloads++;
    console.log(`cycle ${String(c + 1).padStart(2)}: ${r.edits} edits, ${r.how} after ${r.delayMs} ms, lost ${r.lost}`);
  }
  await browser.close();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nsoak: ${cycles} cycles (${reloads} reloads, ${crashes} renderer crashes), ${edits} edits, ${lost} lost — ` +
    `${((Date.now() - t0) / 1000).toFixed(0)} s on ${os.cpus().length}× ${cpu}, Chromium ${browser.version()}`);
  process.exitCode = lost === 0 ? 0 : 1;
} finally {
  try { process.kill(-server.pid!); } catch { /* already gone */ }
}
