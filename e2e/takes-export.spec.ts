/**
 * Choosing the take to export: two takes written from different plans (two chords, then three);
 * [ puts the first back in use and WAV and MIDI export that one (its audio, the plan it was written
 * from), ] the second; Shift+W exports the WAV too (16-bit at 48 kHz as well); Shift+R renames the
 * take in use, Shift+Delete deletes it (Undo in the notice); the help overlay lists every take
 * action with its key.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { decodeWav } from '../src/engine/audio/wav.ts';
import { metas, readMidi } from '../src/engine/export/midi/read.ts';
import { META } from '../src/engine/export/midi/smf.ts';
import { openStudio } from './helpers/durability.ts';
import { serveTinyPack } from './helpers/generate.ts';
import { generateTake, storedTakeAudio } from './helpers/takes.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await trigger();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

/** The chord names of the exported MIDI's chord track. */
async function midiChords(page: Page): Promise<{ name: string; chords: string[] }> {
  const midi = await download(page, () => page.keyboard.press('Shift+M'));
  const file = readMidi(new Uint8Array(midi.bytes));
  return { name: midi.name, chords: metas(file.tracks[2], META.lyric).map((m) => m.text) };
}

async function typeChords(page: Page, chords: string[]): Promise<void> {
  for (const chord of chords) {
    await page.getByTestId('chord-input').fill(chord);
    await page.getByTestId('chord-input').press('Enter');
  }
  await page.getByTestId('chord-input').blur();
}

const names = (page: Page) => page.getByTestId('take-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

test('[ and ] choose the take that WAV and MIDI export; Shift+R renames it, Shift+Delete deletes it', async ({ page }) => {
  test.setTimeout(300_000);
  await serveTinyPack(page);
  await openStudio(page, '/?test-pack=tiny-pack');
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('analysis-summary')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('bpm').fill('120'); // bars of 2 s on the 6 s clip
  await typeChords(page, ['Am', 'F']);
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.keyboard.press('g');
  const takes = page.getByTestId('take');
  await expect(takes).toHaveCount(1, { timeout: 90_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done');
  // A chord lands at the playhead, and the take may still be playing (it plays while it is written),
  // moving the playhead: stop, go to the start and lay the whole progression, so C is the third bar's
  // whatever the playback did (typing only C once landed it on F's bar).
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true') await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Home');
  await typeChords(page, ['Am', 'F', 'C']);
  await generateTake(page, 7, 2);
  await page.getByTestId('generate-start').blur();
  await page.getByTestId('export-format').selectOption('float32');
  await page.getByTestId('export-rate').selectOption('32000');
  await page.getByTestId('export-format').blur();
  const [take1, take2] = (await storedTakeAudio(page)).map((t) => t.audio);

  // [ : the first take is in use; its audio and the plan it was written from are exported
  await page.keyboard.press('[');
  await expect(takes.nth(0)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('export-take')).toHaveText('Exports “Take 1”');
  const wav1 = decodeWav(await (await download(page, () => page.getByTestId('export-wav').click())).bytes).channels[0];
  expect(wav1).toEqual(take1);
  expect(await midiChords(page)).toEqual({ name: 'clip - Take 1.mid', chords: ['Am', 'F'] });
  // [ at the first take does nothing; ] goes to the second, its plan has the third chord
  await page.keyboard.press('[');
  await expect(takes.nth(0)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press(']');
  await expect(takes.nth(1)).toHaveAttribute('aria-current', 'true');
  // Shift+W exports the WAV as the button does
  const wav2 = decodeWav(await (await download(page, () => page.keyboard.press('Shift+W'))).bytes).channels[0];
  expect(wav2).toEqual(take2);
  // 16-bit at 48 kHz: decodes, 6 s, not silent
  await page.getByTestId('export-format').selectOption('pcm16');
  await page.getByTestId('export-rate').selectOption('48000');
  await page.getByTestId('export-rate').blur();
  const at48 = decodeWav(await (await download(page, () => page.keyboard.press('Shift+W'))).bytes);
  expect([at48.format, at48.sampleRate, at48.channels.length]).toEqual(['pcm16', 48000, 1]);
  expect(at48.channels[0].length / 48000).toBeCloseTo(6, 2);
  expect(Math.sqrt(at48.channels[0].reduce((e, x) => e + x * x, 0) / at48.channels[0].length)).toBeGreaterThan(0.01);
  expect(await midiChords(page)).toEqual({ name: 'clip - Take 2.mid', chords: ['Am', 'F', 'C'] });

  // Shift+R: the name field of the take in use has the focus, its text selected
  await page.keyboard.press('Shift+R');
  await expect(page.getByTestId('take-name').nth(1)).toBeFocused();
  await page.keyboard.type('With the C');
  await page.keyboard.press('Enter');
  await expect.poll(() => names(page)).toEqual(['Take 1', 'With the C']);
  // Shift+Delete deletes the take in use; Undo brings it back
  await page.getByTestId('take-name').nth(1).blur();
  await page.keyboard.press('Shift+Delete');
  await expect.poll(() => names(page)).toEqual(['Take 1']);
  await page.getByTestId('notice-action').click();
  await expect.poll(() => names(page)).toEqual(['Take 1', 'With the C']);

  await page.keyboard.press('?');
  const help = page.getByTestId('help');
  // every take action, each with its key
  for (const [key, text] of [['B', 'A/B: switch to the take heard before'], ['[', 'Use the previous take'], [']', 'Use the next take'],
    ['Shift+R', 'Rename the current take'], ['Shift+Delete', 'Delete the current take'], ['Shift+S', 'Star or unstar the current take'],
    ['T', 'Show or hide the takes'], ['Shift+G', 'Regenerate the loop region'], ['Shift+W', 'Export the take in use as WAV'],
    ['Shift+E', 'Export the video with the take as its soundtrack'], ['Shift+M', 'Export the plan (tempo map, melody, chords) as a MIDI file']]) {
    await expect(help.getByRole('row').filter({ hasText: text }).locator('kbd').first()).toHaveText(key);
  }
});
