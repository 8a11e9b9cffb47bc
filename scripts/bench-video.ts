/**
 * npm run bench:video — how many times faster than real time video analysis runs on a 720p clip:
 * in Node (ffmpeg decode + engine, what `undertone analyze` does) and in Chromium (the page's
 * WebCodecs path and the <video> fallback, driven by Playwright). Median of several runs.
 * The page analyses the 720p clip as MP4 and as WebM (VP9), and the e2e fixture clip (6 s,
 * 320×180) as MP4 and as WebM, each by whatever path the app picks, plus the 720p MP4 once more
 * through the forced <video> fallback.
 *   --runs N (default 5)   --seconds S (clip length, default 20)   --no-browser   --no-node
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ffmpegFrames } from '../src/engine/cli/video-frames.ts';
import { analyzeFrames } from '../src/engine/video/analyzer.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('--runs', 5);
const SECONDS = opt('--seconds', 20);
const root = resolve(import.meta.dirname, '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function machine(): string {
  const cpus = os.cpus();
  const ff = spawnSync('ffmpeg', ['-version']).stdout?.toString().split('\n')[0] ?? 'ffmpeg missing';
  return `${cpus[0]?.model ?? 'cpu'} × ${cpus.length} (available parallelism ${os.availableParallelism()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, ${ff}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

/**
 * A 720p30 H.264 clip with motion, cuts and light grain, encoded at 4 Mb/s (what a phone or a
 * streaming site gives for 720p; decode cost grows with bitrate, so the grain makes the encoder
 * spend all of it).
 */
function clip(): string {
  const dir = join(root, '.cache', 'bench');
  const path = join(dir, `clip720-4M-${SECONDS}s.mp4`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const shot = SECONDS / 4;
  const srcs = ['testsrc2', 'smptebars', 'testsrc2,hue=h=120', 'rgbtestsrc'];
  const inputs = srcs.flatMap((s) => ['-f', 'lavfi', '-t', String(shot), '-i', `${s.split(',')[0]}=s=1280x720:r=30`]);
  const chains = srcs.map((s, i) => `[${i}:v]${[...s.split(',').slice(1), 'noise=alls=6:allf=t', 'format=yuv420p'].join(',')}[v${i}]`);
  const filter = `${chains.join(';')};${srcs.map((_, i) => `[v${i}]`).join('')}concat=n=${srcs.length}:v=1:a=0[out]`;
  console.log(`making ${path} …`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', filter, '-map', '[out]', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '4M', '-maxrate', '5M', '-bufsize', '8M', '-g', '60', path]);
  return path;
}

/** The same picture as VP9 in WebM (what a browser recording or a download from the web gives), at the same bitrate. */
function asWebm(mp4: string, bitrate: string): string {
  const path = join(root, '.cache', 'bench', mp4.split('/').pop()!.replace(/\.mp4$/, '.webm'));
  if (existsSync(path)) return path;
  console.log(`making ${path} …`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', mp4, '-an', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', bitrate, '-g', '60', path]);
  return path;
}

async function node(path: string): Promise<number[]> {
  const speeds: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const a = await analyzeFrames(ffmpegFrames(path));
    const s = (performance.now() - t0) / 1000;
    speeds.push(a.duration / s);
  }
  return speeds;
}

interface Case {
  readonly label: string;
  readonly path: string;
  readonly force?: 'webcodecs' | 'element';
  readonly runs: number;
}

async function browser(cases: readonly Case[]): Promise<Record<string, number[]> | string> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath}`;
  const { createServer } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const port = Number(process.env.E2E_PORT ?? 4181);
  const server = await createServer({ root, logLevel: 'error', server: { port, strictPort: true, host: '127.0.0.1' } });
  await server.listen();
  const b = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
  try {
    const page = await b.newPage();
    await page.goto(`http://127.0.0.1:${port}/scripts/bench-video.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 60_000 });
    const out: Record<string, number[]> = {};
    for (const c of cases) {
      const speeds: number[] = [];
      let method = '';
      for (let r = 0; r < c.runs; r++) {
        const res = await page.evaluate(([u, m]) => window.benchAnalyze(u, m), [`/@fs${c.path}`, c.force] as const);
        if (c.force && res.method !== c.force) throw new Error(`asked for ${c.force}, got ${res.method}`);
        method = res.method;
        speeds.push(res.frames / 10 / (res.ms / 1000));
      }
      out[`${c.label} (${method})`] = speeds;
    }
    return out;
  } finally {
    await b.close();
    await server.close();
  }
}

const path = clip();
const fixture = join(root, 'e2e', 'fixtures', 'clip.mp4');
console.log(`machine: ${machine()}`);
console.log(`clip: ${path} (${SECONDS} s, 1280×720, 30 fps, H.264, ${((statSync(path).size * 8) / SECONDS / 1e6).toFixed(1)} Mb/s)`);
if (!args.includes('--no-node')) {
  const n = await node(path);
  console.log(`node (ffmpeg decode + engine): median ${median(n).toFixed(1)}× real time  [${n.map((x) => x.toFixed(1)).join(', ')}]`);
}
if (!args.includes('--no-browser')) {
  const br = await browser([
    { label: '720p MP4', path, runs: RUNS },
    { label: '720p MP4, forced fallback', path, force: 'element', runs: 1 },
    { label: '720p WebM VP9', path: asWebm(path, '4M'), runs: RUNS },
    { label: 'fixture MP4 (6 s 320×180)', path: fixture, runs: RUNS },
    { label: 'fixture WebM VP9', path: asWebm(fixture, '300k'), runs: RUNS },
  ]);
  if (typeof br === 'string') console.log(`browser: skipped (${br})`);
  else for (const [m, xs] of Object.entries(br)) console.log(`chromium ${m}: median ${median(xs).toFixed(1)}× real time  [${xs.map((x) => x.toFixed(1)).join(', ')}]`);
}
console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
