/**
 * A/B: two takes, played; B switches to the other take at the same position without a gap. What
 * reaches the speakers is recorded (helpers/takes.ts) and compared with the two takes' stored
 * audio sample for sample: before the switch it is take 2, after it take 1 at the same position
 * (the same lag and sub-sample taps), and only the crossfade's few milliseconds are neither. After a
 * reload the same holds from the first B: the take it goes to is loaded beside the one in use.
 * With three takes, Use on one that is not beside (so not on the clock yet) while playing brings it
 * in the same way: the same position, no gap; the take left is then beside it for B.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decodeWav } from '../src/engine/audio/wav.ts';
import { openStudio } from './helpers/durability.ts';
import { serveTinyPack } from './helpers/generate.ts';
import { generateTake, listenToSpeakers, recorded, recordingTime, startRecording, storedTakeAudio, waitAudio } from './helpers/takes.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');
const WINDOW = 320; // 10 ms at 32 kHz

/** The lag d for which rec[n] best matches take[n − d] (normalised correlation of a template of rec). */
function findLag(rec: Float32Array, take: Float32Array, at: number, L = 2048): number {
  const t = rec.subarray(at, at + L);
  let tt = 0;
  for (const v of t) tt += v * v;
  let energy = 0;
  for (let i = 0; i < L; i++) energy += take[i] * take[i];
  let best = -Infinity, bestJ = 0;
  for (let j = 0; j + L <= take.length; j++) {
    if (j > 0) energy += take[j + L - 1] ** 2 - take[j - 1] ** 2;
    let dot = 0;
    for (let i = 0; i < L; i++) dot += t[i] * take[j + i];
    const c = dot / Math.sqrt(tt * Math.max(energy, 1e-12));
    if (c > best) { best = c; bestJ = j; }
  }
  return at - bestJ;
}

const tap = (x: Float32Array, i: number) => (i >= 0 && i < x.length ? x[i] : 0);

/** Least-squares taps w (3) with rec[n] ≈ Σ w[k] take[n − lag − 1 + k] over [a, b): the browser's sub-sample start. */
function fitTaps(rec: Float32Array, take: Float32Array, lag: number, a: number, b: number): number[] {
  const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], y = [0, 0, 0];
  for (let n = a; n < b; n++) {
    const x = [tap(take, n - lag - 1), tap(take, n - lag), tap(take, n - lag + 1)];
    for (let i = 0; i < 3; i++) { y[i] += x[i] * rec[n]; for (let j = 0; j < 3; j++) A[i][j] += x[i] * x[j]; }
  }
  // Gaussian elimination on the 3 × 3 normal equations
  for (let i = 0; i < 3; i++) {
    for (let r = i + 1; r < 3; r++) {
      const f = A[r][i] / A[i][i];
      for (let c = i; c < 3; c++) A[r][c] -= f * A[i][c];
      y[r] -= f * y[i];
    }
  }
  const w = [0, 0, 0];
  for (let i = 2; i >= 0; i--) w[i] = (y[i] - A[i].slice(i + 1).reduce((s, v, k) => s + v * w[i + 1 + k], 0)) / A[i][i];
  return w;
}

/**
 * Per 10 ms window of rec: 'A' when the first take (lag, taps) explains it to −10 dB, 'B' the
 * second, '.' neither. A gap leaves all of a window unexplained (0 dB), the wrong take or the wrong
 * position twice that; −10 dB leaves room for the page's other sounds (a chord audition).
 */
function heardWindows(rec: Float32Array, a: Float32Array, b: Float32Array, lag: number, w: number[], from: number, to: number): string {
  let out = '';
  for (let s = from; s + WINDOW <= to; s += WINDOW) {
    let e = 0, ea = 0, eb = 0;
    for (let n = s; n < s + WINDOW; n++) {
      const pa = w[0] * tap(a, n - lag - 1) + w[1] * tap(a, n - lag) + w[2] * tap(a, n - lag + 1);
      const pb = w[0] * tap(b, n - lag - 1) + w[1] * tap(b, n - lag) + w[2] * tap(b, n - lag + 1);
      e += rec[n] ** 2; ea += (rec[n] - pa) ** 2; eb += (rec[n] - pb) ** 2;
    }
    out += e > 1e-9 && ea < 0.1 * e ? 'A' : e > 1e-9 && eb < 0.1 * e ? 'B' : '.';
  }
  return out;
}

async function exportedWav(page: Page): Promise<Float32Array> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-wav').click();
  return decodeWav(readFileSync(await (await download).path())).channels[0];
}

/** Blur whatever has the focus, so the next key goes to the studio's shortcuts. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** A run: which take each 10 ms of the recording is ('A' the one heard first, 'B' the one switched to), and where the switch was asked. */
interface Run { readonly heard: string; readonly asked: number }

/**
 * Play from the start, switch with `press` after 1.5 s (done when row `toRow` is in use), stop
 * 1.5 s later: which take each 10 ms of the recording is, from take `from` to take `to`.
 */
async function abRun(page: Page, from: Float32Array, to: Float32Array, toRow: number, press: () => Promise<void>): Promise<Run> {
  const play = page.getByTestId('play');
  await page.keyboard.press('Home');
  await startRecording(page);
  await page.keyboard.press('Space');
  // a starved machine (load 9 on 2 cores) can take tens of seconds to resume the AudioContext
  await expect(play).toHaveAttribute('aria-pressed', 'true', { timeout: 60_000 });
  await waitAudio(page, 1.5);
  await press();
  await expect(page.getByTestId('take').nth(toRow)).toHaveAttribute('aria-current', 'true', { timeout: 60_000 });
  const switched = await recordingTime(page);
  await waitAudio(page, 1.5);
  if (await play.getAttribute('aria-pressed') === 'true') await page.keyboard.press('Space');
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  const rec = await recorded(page);
  // where the take plays in the recording: its first and last sounding samples
  let first = 0, last = rec.length - 1;
  while (first < rec.length && Math.abs(rec[first]) < 1e-6) first++;
  while (last > first && Math.abs(rec[last]) < 1e-6) last--;
  expect(last - first, `${rec.length} samples recorded, ${first} silent first`).toBeGreaterThan(32_000 * 2);
  // the first take's position: found 0.5 s in, the taps fitted over the next half second
  const at = first + 16_000;
  const lag = findLag(rec, from, at);
  const taps = fitTaps(rec, from, lag, at, at + 16_000);
  const heard = heardWindows(rec, from, to, lag, taps, first + WINDOW, Math.min(last, lag + from.length) - WINDOW);
  return { heard, asked: Math.round((switched * 32000 - first) / WINDOW) }; // where the switch was asked, in windows of `heard`
}

/**
 * Switch from the take in use (row `from`) to row `next(from)`: the take until the switch, the
 * other after it at the very same position (same lag and taps), at most 30 ms of crossfade
 * between. On a machine too busy to handle the switch within the take (seen: 4.5 s late at load 9
 * on 2 cores) it comes after the take's end: then the run is played again, from the take heard now
 * to the next. Returns the row heard at the end.
 */
async function untilSwitched(page: Page, audio: readonly Float32Array[], from: number, next: (row: number) => number,
  press: (to: number) => Promise<void>): Promise<number> {
  let run: Run, runs = 0, row = from;
  do {
    const to = next(row);
    run = await abRun(page, audio[row], audio[to], to, () => press(to));
    row = to;
    runs++;
    // late: asked too near the end, or handled after the recording ended (no switch heard at all)
  } while ((run.asked > run.heard.length - 60 || !run.heard.includes('B')) && runs < 4);
  expect(run.heard, `switch asked at window ${run.asked} of ${run.heard.length}, run ${runs}`).toMatch(/^A{50,}\.{0,3}B{50,}$/);
  return row;
}

/** Open the clip and make a take with G (the panel's seed, 1), then one with each of `seeds`; each new one is the one in use. */
async function makeTakes(page: Page, seeds: readonly number[]): Promise<Float32Array[]> {
  await listenToSpeakers(page);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  // the take is listed once the pack's manifest hash is read (a request the test serves: slow when starved)
  await expect(page.getByTestId('take')).toHaveCount(1, { timeout: 180_000 });
  for (const [i, seed] of seeds.entries()) await generateTake(page, seed, i + 2);
  const audio = (await storedTakeAudio(page)).map((t) => t.audio);
  expect(audio.map((a) => a.length)).toEqual([192_000, ...seeds.map(() => 192_000)]);
  await blur(page);
  // the take started playing while it was written: let it end
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 30_000 });
  return audio;
}

test('A/B while playing: B switches to the other take at the same position, without a gap; exports follow', async ({ page }) => {
  test.setTimeout(600_000);
  const audio = await makeTakes(page, [7]);
  const takes = page.getByTestId('take');
  // the take heard before stays ready beside the new one: B marks it
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(takes.nth(0)).toHaveAttribute('data-ab', 'B');
  const [take1, take2] = audio;
  const pressB = () => page.keyboard.press('b');
  const current = await untilSwitched(page, audio, 1, (row) => 1 - row, pressB);

  // exports follow what is heard: the WAV (32-bit float at the take's rate, so exact) is the take switched to
  await page.getByTestId('export-format').selectOption('float32');
  await page.getByTestId('export-rate').selectOption('32000');
  const wav = await exportedWav(page);
  const heardTake = current === 0 ? take1 : take2;
  expect(wav.length).toBe(heardTake.length);
  let maxDiff = 0;
  for (let i = 0; i < wav.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wav[i] - heardTake[i]));
  expect(maxDiff).toBe(0);
  // B again: back
  await page.getByTestId('export-rate').blur();
  await page.keyboard.press('b');
  await expect(takes.nth(1 - current)).toHaveAttribute('aria-current', 'true');
  await expect(takes.nth(current)).toHaveAttribute('data-ab', 'B');

  // after a reload the take in use and the one B goes to are both put on the clock again: in step from the first B
  await page.reload();
  await expect(page.locator('.studio')).toHaveAttribute('data-restored', 'true');
  await expect(page.getByTestId('video-info')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('t');
  await expect(takes.nth(1 - current)).toHaveAttribute('aria-current', 'true');
  await expect(takes.nth(current)).toHaveAttribute('data-ab', 'B');
  await untilSwitched(page, audio, 1 - current, (row) => 1 - row, pressB);
});

test('Choosing any take while playing, not only the one beside: the same position, no gap; the take left is beside for B', async ({ page }) => {
  test.setTimeout(600_000); // three takes, two switches each played up to four times on a starved machine
  const audio = await makeTakes(page, [7, 3]);
  const takes = page.getByTestId('take');
  // Take 3 is heard, Take 2 beside it; Take 1 is not on the clock until it is chosen
  await expect(takes.nth(2)).toHaveAttribute('aria-current', 'true');
  await expect(takes.nth(1)).toHaveAttribute('data-ab', 'B');
  // Use on the row after the one heard (wrapping): never the take beside, so it is brought onto the clock while playing.
  // Clicked in the page, one round trip as a key press is (a starved machine handles Playwright's click checks seconds late).
  const useRow = (to: number) => page.evaluate((row) => {
    document.querySelectorAll<HTMLButtonElement>('[data-testid="take-choose"]')[row].click();
    (document.activeElement as HTMLElement | null)?.blur();
  }, to);
  const row = await untilSwitched(page, audio, 2, (r) => (r + 1) % 3, useRow);
  // the take left is beside the one chosen: B goes back to it without a gap
  const left = (row + 2) % 3;
  await expect(takes.nth(left)).toHaveAttribute('data-ab', 'B');
  await untilSwitched(page, audio, row, (r) => (r === row ? left : row), () => page.keyboard.press('b'));
});
