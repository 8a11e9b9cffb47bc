/**
 * npm run bench:generate -- --browser — the browser half of issue 12's bench: the studio's own
 * Generate in headless Chromium (Debian's, the e2e tests' flags), onnxruntime-web WASM with the
 * threads the page gets (cross-origin isolated: 2 on this machine), the pack's WASM variants.
 * Per run: times faster than real time (the panel's own "Wrote N s in M s") and time to first audio
 * (Generate pressed → the Transport playing the take: playback starts as soon as the writing stays
 * ahead of it). A fresh page per run (the pack files come from Cache Storage after the first: that is
 * what a person's second take costs, so the first, cold run is reported apart). Median of runs,
 * machine and load printed; reports, asserts nothing. Needs `npm run build` first (it says so).
 * Three cases: the first visit, Generate pressed as soon as it is enabled, Generate pressed once the
 * studio has settled (the pack loaded in the background); each with where the time went — the page's
 * marks (ms after the press), the worker's timeline and the load's timings (docs/generation.md).
 * UNDERTONE_DIST / E2E_PORT: the build folder and port, as the e2e tests take them.
 *   --pack DIR (default test/fixtures/music/tiny-pack; untrained packs through ?test-pack=)  --runs N (3)  --settle-ms (8000)
 *   --settled-only: only the third case (time to first audio with the pack loaded), no cold run
 *   --project FILE: a project file opened (the toolbar's Open) before Generate is pressed, e.g.
 *     scripts/bench/every-lane.undertone.json: every lane drawn, so the lane critic and a pack's level
 *     search run as they do for a person who drew them (the fresh studio draws none)
 *   --against DIR: A/B of the settled case against a second build (DIR, e.g. one of the commit before),
 *     served beside this one: a warm-up run each (files into Cache Storage), then --runs runs of each,
 *     alternating, so both see the same load (this machine's load changes from minute to minute)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { SHIPPED_MUSIC_PACK } from '../src/engine/pack/offer.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = resolve(import.meta.dirname, '..');
const packDir = resolve(root, opt('--pack', 'test/fixtures/music/tiny-pack'));
const RUNS = Number(opt('--runs', '3')), PORT = Number(opt('--port', process.env.E2E_PORT ?? '4391'));
// UNDERTONE_DIST: a build folder of one's own (vite.config.ts), as the e2e tests take it
const dist = resolve(root, process.env.UNDERTONE_DIST ?? 'dist');
const SETTLE_MS = Number(opt('--settle-ms', '8000'));
const project = args.includes('--project') ? resolve(opt('--project', '')) : null;
if (project && !existsSync(project)) throw new Error(`--project ${project}: no such file`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (!existsSync(join(dist, 'index.html'))) throw new Error(`no ${dist}/index.html: run \`npm run build\` first`);
const id = basename(packDir);
const trained = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')).trained === true;

/**
 * In the page, before Generate is pressed: when each visible step happens (ms after the press): the
 * pack line says ready, the first progress, the first audio received ("N s to hear" above 0), the
 * Transport playing the take. A string: tsx's transform would add helpers the page does not have.
 */
const WATCH_TIMELINE = `(() => {
  const marks = {}; window.benchMarks = marks;
  let t0 = 0, fresh = false;
  const ready = () => !!document.querySelector('[data-testid="generate"][data-pack="ready"]');
  const readyAlready = ready();
  const mark = (k) => { if (t0 && !(k in marks)) marks[k] = performance.now() - t0; };
  document.querySelector('[data-testid="generate"]').addEventListener('click', () => { t0 = performance.now(); }, { capture: true });
  // the page's own marks (run-generation.ts): the worker called, its first audio here, playback asked for
  window.benchPageMarks = () => Object.fromEntries(performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('undertone:') && m.startTime >= t0).map((m) => ['page ' + m.name.slice(10), m.startTime - t0]));
  new MutationObserver(() => {
    if (!readyAlready && ready()) mark('pack ready');
    const status = document.querySelector('[data-testid="generate-status"]')?.textContent ?? '';
    if (/written/.test(status)) mark('first progress');
    // "N s to hear" of this take: a take restored with the page shows its length until this one starts
    const hear = / ([\\d.]+) s to hear/.exec(status);
    if (hear && Number(hear[1]) === 0) fresh = true;
    if (fresh && hear && Number(hear[1]) > 0) mark('first audio received');
    if (document.querySelector('[data-testid="play"][aria-pressed="true"]')) mark('playing');
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

const against = args.includes('--against') ? resolve(root, opt('--against', '')) : null;
// a process group each, so that stopping npx stops vite too (no stray preview server)
const serve = (folder: string, port: number) => spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
  { cwd: root, stdio: 'ignore', detached: true, env: { ...process.env, UNDERTONE_DIST: folder } });
const servers = [serve(dist, PORT), ...(against ? [serve(against, PORT + 1)] : [])];
const base = `http://127.0.0.1:${PORT}`, baseB = `http://127.0.0.1:${PORT + 1}`;
try {
  for (const url of against ? [base, baseB] : [base]) {
    for (let i = 0; ; i++) {
      try { if ((await fetch(url)).ok) break; } catch { /* not up yet */ }
      if (i > 150) throw new Error('vite preview did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
  const context = await browser.newContext();
  // the pack under test, served from its folder (a trained pack in public/models is served as it is)
  await context.route(`**/models/${id}/*`, (route) => route.fulfill({ path: join(packDir, basename(new URL(route.request().url()).pathname)) }));
  type Row = { rtf: number; firstAudioMs: number; seconds: number; marks: Record<string, number> };
  // A fresh page; Generate pressed at once (`settle` false: whatever loading is left is paid after the
  // press) or once the studio has settled (the pack line says ready, or `SETTLE_MS` passed: a person
  // looking at the studio a few seconds before pressing Generate).
  const run = async (settle: boolean, at = base): Promise<Row> => {
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(`${at}/?backend=wasm${trained && id === SHIPPED_MUSIC_PACK ? '' : `&test-pack=${id}`}`);
    await page.locator('.studio[data-restored="true"]').waitFor();
    await page.getByTestId('generate').waitFor({ state: 'visible' });
    if (project) {
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('open-project').click();
      await (await chooser).setFiles(project);
      // the studio's notice says whether it loaded; a refused file is said with the studio's own words
      const notice = page.getByTestId('notice');
      await notice.waitFor();
      const said = (await notice.textContent()) ?? '';
      if (!/Loaded/.test(said)) throw new Error(`--project ${project}: the studio did not open it: ${said}`);
    }
    await page.waitForFunction(() => !(document.querySelector('[data-testid="generate"]') as HTMLButtonElement).disabled);
    if (settle) await page.locator('[data-testid="generate"][data-pack="ready"]').waitFor({ timeout: SETTLE_MS }).catch(() => {});
    const readyBefore = await page.locator('[data-testid="generate"][data-pack="ready"]').count() > 0;
    await page.evaluate(WATCH_TIMELINE);
    const t0 = Date.now();
    await page.getByTestId('generate').click();
    await page.locator('[data-testid="play"][aria-pressed="true"]').waitFor({ timeout: 120_000 });
    const firstAudioMs = Date.now() - t0;
    const done = page.locator('[data-testid="generate-status"][data-state="done"]');
    await done.waitFor({ timeout: 300_000 });
    const m = (await done.textContent())!.match(/Wrote ([\d.]+) s in ([\d.]+) s/)!;
    const marks = await page.evaluate('({ ...window.benchMarks, ...window.benchPageMarks() })') as Record<string, number>;
    const worker = await page.locator('[data-testid="generate-status"]').getAttribute('data-timings');
    if (worker) for (const [k, v] of Object.entries(JSON.parse(worker) as Record<string, number>)) marks[`worker ${k}`] = v;
    const loadAttr = await page.locator('[data-testid="generate-backend"]').getAttribute('data-timings');
    if (loadAttr) for (const [k, v] of Object.entries(JSON.parse(loadAttr) as Record<string, number>)) marks[`load ${k}`] = v;
    marks['pack ready before Generate'] = readyBefore ? 1 : 0;
    marks['page opened → Generate'] = t0 - opened;
    await page.close();
    return { rtf: Number(m[1]) / Number(m[2]), firstAudioMs, seconds: Number(m[1]), marks };
  };
  if (against) {
    const a: Row[] = [], b: Row[] = [];
    await run(true, base);
    await run(true, baseB);
    for (let r = 0; r < RUNS; r++) { a.push(await run(true, base)); b.push(await run(true, baseB)); }
    await browser.close();
    const line = (label: string, rows: Row[]) => console.log(`  ${label}: ${rows.map((w) => w.rtf.toFixed(2)).join(' ')}× real time; `
      + `first audio after ${rows.map((w) => w.firstAudioMs).join(' ')} ms; page play at ${rows.map((w) => Math.round(w.marks['page play'])).join(' ')}, `
      + `Transport at ${rows.map((w) => Math.round(w.marks['page transport-started'])).join(' ')}, worker first audio sent at ${rows.map((w) => w.marks['worker first audio sent']).join(' ')}`);
    console.log(`A/B, pack ${id}, settled (pack loaded), alternating, WASM:`);
    line(dist, a);
    line(against, b);
    console.log(`  machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const s of servers) try { process.kill(-s.pid!); } catch { /* gone */ }
    process.exit(0);
  }
  const settledOnly = args.includes('--settled-only');
  const cold = settledOnly ? null : await run(false);
  const atOnce: Row[] = [], settled: Row[] = [];
  for (let r = 0; r < RUNS; r++) { if (!settledOnly) atOnce.push(await run(false)); settled.push(await run(true)); }
  await browser.close();
  const cpus = os.cpus();
  const isolated = (await fetch(base)).headers.get('cross-origin-embedder-policy') ? 'cross-origin isolated' : 'not isolated';
  console.log(`headless Chromium (${isolated}), pack ${id}, ${settled[0].seconds} s a take, WASM:`);
  const show = (label: string, rows: Row[]) => {
    console.log(`  ${label}: ${median(rows.map((w) => w.rtf)).toFixed(2)}× real time, first audio after ${median(rows.map((w) => w.firstAudioMs))} ms`);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r.marks)))];
    for (const k of keys) console.log(`    ${k.padEnd(44)} ${median(rows.map((r) => r.marks[k] ?? NaN)).toFixed(0)}`);
  };
  if (cold) show('cold (files fetched), Generate at once', [cold]);
  if (atOnce.length) show(`median of ${RUNS}, files from Cache Storage, Generate at once`, atOnce);
  show(`median of ${RUNS}, files from Cache Storage, Generate once the studio settled (pack ready or ${SETTLE_MS / 1000} s)`, settled);
  console.log(`  machine: ${cpus[0]?.model ?? 'cpu'} × ${cpus.length}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await browser.close();
} finally {
  for (const s of servers) try { process.kill(-s.pid!); } catch { /* gone */ }
}
