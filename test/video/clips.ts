/**
 * Test videos made on the spot: ffmpeg lavfi sources concatenated with known hard cuts and fades
 * (skipped where ffmpeg is missing), and frames drawn in code (always available).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../src/engine/video/spec.ts';

export const HAS_FFMPEG = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'undertone-video-'));
}

export interface Shot {
  /** lavfi source without size/rate/duration, plus optional filters after a comma. */
  readonly src: string;
  readonly dur: number;
  readonly fadeIn?: number;
  readonly fadeOut?: number;
}

export interface KnownCut {
  readonly t: number;
  readonly kind: 'hard' | 'fade';
}

/** Concatenates shots; a shot with fadeOut followed by `black` and a fadeIn shot is one fade. */
export function makeClip(path: string, shots: readonly Shot[], size = '160x90', fps = 25, extra: string[] = []): KnownCut[] {
  const inputs: string[] = [];
  const chains: string[] = [];
  const cuts: KnownCut[] = [];
  let t = 0;
  shots.forEach((s, i) => {
    const [source, ...filters] = s.src.split(',');
    const sep = source.includes('=') ? ':' : '=';
    inputs.push('-f', 'lavfi', '-t', String(s.dur), '-i', `${source}${sep}s=${size}:r=${fps}`);
    const f = [...filters, 'setsar=1', 'format=yuv420p'];
    if (s.fadeIn) f.push(`fade=t=in:st=0:d=${s.fadeIn}`);
    if (s.fadeOut) f.push(`fade=t=out:st=${s.dur - s.fadeOut}:d=${s.fadeOut}`);
    chains.push(`[${i}:v]${f.join(',')}[v${i}]`);
    if (i > 0) {
      const prev = shots[i - 1];
      const isBlack = (x: Shot): boolean => x.src.startsWith('color=c=black');
      if (isBlack(s)) { /* the fade's cut is where the next shot appears */ }
      else if (isBlack(prev)) cuts.push({ t, kind: 'fade' });
      else cuts.push({ t, kind: 'hard' });
    }
    t += s.dur;
  });
  const filter = `${chains.join(';')};${shots.map((_, i) => `[v${i}]`).join('')}concat=n=${shots.length}:v=1:a=0[out]`;
  execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...inputs, '-filter_complex', filter, '-map', '[out]',
    ...extra, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', path], { stdio: 'pipe' });
  return cuts;
}

/** Twelve shots, eight hard cuts and three fades through black, about 20 s. */
export const CUT_CLIP: readonly Shot[] = [
  { src: 'testsrc2', dur: 2 },
  { src: 'smptebars', dur: 1.6 },
  { src: 'mandelbrot', dur: 2, fadeOut: 0.5 },
  { src: 'color=c=black', dur: 0.4 },
  // gradients' seed places the gradient, but its colours are drawn anew each run: name them, or
  // one clip in ten had a gradient that looked like the next shot (the cut at 8 s went missing).
  { src: 'gradients=c0=0x3060c0:c1=0xe0d040:seed=9', dur: 2, fadeIn: 0.5 },
  { src: 'life=seed=7:mold=10:life_color=#00ff00:death_color=#aa0000', dur: 1.5 },
  { src: 'testsrc2,hue=h=180,hflip', dur: 1.5 },
  { src: 'rgbtestsrc', dur: 1.2, fadeOut: 0.6 },
  { src: 'color=c=black', dur: 0.5 },
  { src: 'mandelbrot,hue=h=120', dur: 2, fadeIn: 0.6 },
  { src: 'cellauto=rule=110:seed=5', dur: 1.5 },
  { src: 'smptebars,negate', dur: 1.5, fadeOut: 0.4 },
  { src: 'color=c=black', dur: 0.3 },
  { src: 'testsrc2,vflip', dur: 1.5, fadeIn: 0.3 },
  { src: 'gradients=c0=red:c1=yellow:seed=3', dur: 1.5 },
];

/** A bright textured background with a dark square moving `speed` pixels per analysis frame. */
export function movingSquare(frames: number, speed: number, size = 10): RgbFrame[] {
  return Array.from({ length: frames }, (_, k) => squareAt(4 + ((k * speed) % (ANALYSIS_WIDTH - size - 8)), size));
}

/** The dark square of movingSquare with its left edge at x0. */
export function squareAt(x0: number, size = 10): RgbFrame {
  {
    const data = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3);
    for (let y = 0; y < ANALYSIS_HEIGHT; y++) {
      for (let x = 0; x < ANALYSIS_WIDTH; x++) {
        const o = (y * ANALYSIS_WIDTH + x) * 3;
        const inside = x >= x0 && x < x0 + size && y >= 13 && y < 13 + size;
        const bg = 150 + 40 * (((x >> 3) + (y >> 3)) & 1);
        data[o] = inside ? 20 : bg;
        data[o + 1] = inside ? 30 : bg - 20;
        data[o + 2] = inside ? 90 : bg - 40;
      }
    }
    return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data };
  }
}

/**
 * A shot drawn in code: stripes whose angle, frequency and colours depend on `shot`, drifting by
 * `k` (frame within the shot), scaled by `gain` (fades).
 */
export function drawShot(shot: number, k: number, gain = 1): RgbFrame {
  const data = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3);
  const angle = (shot * 1.7) % Math.PI;
  const freq = 0.15 + 0.08 * (shot % 5);
  const ca = [(shot * 97) % 256, (shot * 57 + 80) % 256, (shot * 151 + 30) % 256];
  const cb = [255 - ca[1], (ca[0] + 128) % 256, 255 - ca[2]];
  for (let y = 0; y < ANALYSIS_HEIGHT; y++) {
    for (let x = 0; x < ANALYSIS_WIDTH; x++) {
      const u = x * Math.cos(angle) + y * Math.sin(angle) + k * 0.7;
      const w = 0.5 + 0.5 * Math.sin(u * freq * 2 * Math.PI / 4) * (y / ANALYSIS_HEIGHT + 0.3);
      const o = (y * ANALYSIS_WIDTH + x) * 3;
      for (let ch = 0; ch < 3; ch++) data[o + ch] = Math.round(gain * (w * ca[ch] + (1 - w) * cb[ch]));
    }
  }
  return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data };
}

/** Shots of the given lengths (analysis frames); `fades[i]` puts a fade through black before shot i. */
export function drawnClip(lengths: readonly number[], fades: ReadonlySet<number>, fadeFrames = 4, blackFrames = 3): { frames: RgbFrame[]; cuts: KnownCut[] } {
  const frames: RgbFrame[] = [];
  const cuts: KnownCut[] = [];
  lengths.forEach((len, s) => {
    if (s > 0 && fades.has(s)) {
      for (let b = 0; b < blackFrames; b++) frames.push(drawShot(s, 0, 0));
      cuts.push({ t: frames.length / 10, kind: 'fade' });
    } else if (s > 0) cuts.push({ t: frames.length / 10, kind: 'hard' });
    for (let k = 0; k < len; k++) {
      const fadeIn = s > 0 && fades.has(s) ? Math.min(1, (k + 1) / fadeFrames) : 1;
      const fadeOut = fades.has(s + 1) ? Math.min(1, (len - k) / fadeFrames) : 1;
      frames.push(drawShot(s, k, fadeIn * fadeOut));
    }
  });
  return { frames, cuts };
}
