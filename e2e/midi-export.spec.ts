/** Export MIDI: the plan (a drawn note, two typed chords, the 120 BPM grid) read back from the downloaded .mid. */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { metas, readMidi, readNotes, tickSeconds } from '../src/engine/export/midi/read.ts';
import { META } from '../src/engine/export/midi/smf.ts';
import { openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await trigger();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

test('draw a note, type two chords, export MIDI: the file holds the tempo, the note and the chords', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('project-name')).toHaveValue('clip');
  await page.getByTestId('bpm').fill('120'); // bars of 2 s on the 6 s clip

  await page.keyboard.press('d');
  const melody = page.getByTestId('lane-melody');
  const box = (await melody.boundingBox())!;
  // Row 4 from the top of 12 is pitch class 7 (G).
  await page.mouse.move(box.x + 200, box.y + 4 * 12 + 6);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 4 * 12 + 6, { steps: 3 });
  await page.mouse.move(box.x + 320, box.y + 4 * 12 + 6, { steps: 3 });
  await page.mouse.up();
  await expect(melody.getByTestId('note')).toHaveAttribute('data-pitch', 'G');

  for (const chord of ['Am', 'F']) {
    await page.getByTestId('chord-input').fill(chord);
    await page.getByTestId('chord-input').press('Enter');
  }
  await expect(page.getByTestId('lane-harmony').getByTestId('chord')).toHaveCount(2);

  // The project as saved: the times the MIDI file must reproduce.
  const saved = JSON.parse((await download(page, () => page.getByTestId('save-project').click())).bytes.toString('utf8'));
  const [drawn] = saved.lanes.melody.notes as { start: number; end: number; pitch: number }[];
  const chords = saved.lanes.harmony.chords as { start: number; end: number; label: string }[];

  // No take exists: the button works anyway.
  const midi = await download(page, () => page.getByTestId('export-midi').click());
  expect(midi.name).toBe('clip.mid');
  const file = readMidi(new Uint8Array(midi.bytes));
  const seconds = tickSeconds(file);
  expect(file.tracks.map((t) => t.name)).toEqual(['Tempo map', 'Melody', 'Chords']);
  expect(metas(file.tracks[0], META.tempo).map((m) => [...m.data])).toEqual([[0x07, 0xa1, 0x20]]); // 500000 µs = 120 BPM
  expect(metas(file.tracks[0], META.timeSignature)[0].data[0]).toBe(4);

  const notes = readNotes(file.tracks[1]);
  expect(notes).toHaveLength(1);
  expect(notes[0].key % 12).toBe(7);
  expect(notes[0].key).toBe(67); // the G nearest C5
  expect(Math.abs(seconds(notes[0].startTick) - drawn.start)).toBeLessThan(0.001);
  expect(Math.abs(seconds(notes[0].endTick) - drawn.end)).toBeLessThan(0.001);

  expect(metas(file.tracks[2], META.lyric).map((m) => [m.text, seconds(m.tick)])).toEqual([['Am', 0], ['F', 2]]);
  const voiced = readNotes(file.tracks[2]).map((n) => [n.key, seconds(n.startTick), seconds(n.endTick)]);
  expect(voiced).toEqual([[57, 0, 2], [60, 0, 2], [64, 0, 2], [65, 2, 4], [69, 2, 4], [72, 2, 4]]);
  expect(chords.map((c) => [c.label, c.start, c.end])).toEqual([['Am', 0, 2], ['F', 2, 4]]);

  // Shift+M does the same, and the help overlay lists it.
  await page.getByTestId('chord-input').blur();
  const again = await download(page, () => page.keyboard.press('Shift+M'));
  expect(again.bytes.equals(midi.bytes)).toBe(true);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('Export the plan (tempo map, melody, chords) as a MIDI file');
});
