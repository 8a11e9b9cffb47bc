/** Loading a project file: one undo step that says what it replaced; bounded, precise validation; bad media refused. */
import { expect, test, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { curvePoints, openStudio } from './helpers/durability.ts';

const CLIP = path.join(import.meta.dirname, 'fixtures', 'clip.mp4');

function project(patch: Record<string, unknown> = {}, lanes: Record<string, unknown> = {}) {
  return {
    format: 'undertone-project', version: 1, id: 'p1', name: 'Other', duration: 12, video: null,
    lanes: {
      rhythm: { kind: 'rhythm', tempo: [{ t: 0, v: 90 }], beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: [] },
      melody: { kind: 'melody', notes: [{ id: 'n1', start: 1, end: 2, pitch: 7 }], free: [] },
      ...lanes,
    },
    ...patch,
  };
}

async function loadFile(page: Page, name: string, content: unknown) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  // A file on disk, as a person picks one: a buffer payload is rebuilt inside the page from base64,
  // which for the 8 MB file holds the page's main thread for seconds of the harness's own making.
  const file = test.info().outputPath(`${test.info().retry}-${name}`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await (await chooser).setFiles(file);
}

async function addPoints(page: Page, n: number) {
  const b = (await page.getByTestId('lane-intensity').boundingBox())!;
  for (let i = 0; i < n; i++) await page.mouse.click(b.x + 100 + i * 150, b.y + 20 + i * 10);
}

test('loading a project is one undo step, and the notice says what it replaced', async ({ page }) => {
  await openStudio(page);
  await addPoints(page, 3);
  const mine = await curvePoints(page);
  await loadFile(page, 'other.undertone.json', project());
  await expect(page.getByTestId('notice')).toContainText('Loaded “Other”; it replaced “Untitled” (3 points)');
  await expect(page.getByTestId('project-name')).toHaveValue('Other');
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(1);
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(0);

  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('project-name')).toHaveValue('Untitled');
  expect(await curvePoints(page)).toEqual(mine);
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('project-name')).toHaveValue('Other');
  await expect(page.getByTestId('lane-melody').getByTestId('note')).toHaveCount(1);

  // The notice's Undo button undoes edits made since the load, then the load itself.
  await loadFile(page, 'third.undertone.json', project({ name: 'Third' }));
  await expect(page.getByTestId('notice')).toContainText('it replaced “Other” (1 note, 90 BPM)');
  await addPoints(page, 1);
  await page.getByTestId('notice-action').click();
  await expect(page.getByTestId('project-name')).toHaveValue('Other');
  await expect(page.getByTestId('lane-intensity').getByTestId('point')).toHaveCount(0);
});

test('project files out of bounds are refused with the field path; the tab never stalls; the next success clears the error', async ({ page }) => {
  await openStudio(page);
  await addPoints(page, 2);
  const mine = await curvePoints(page);
  const notice = page.getByTestId('notice');
  const bad: Array<[unknown, string | RegExp]> = [
    [project({}, { melody: { kind: 'melody', free: [], notes: [{ id: 'a', start: 1, end: 3, pitch: 0 }, { id: 'b', start: 2, end: 4, pitch: 2 }] } }),
      'lanes.melody.notes[1] (2–4 s) overlaps lanes.melody.notes[0] (1–3 s)'],
    [project({}, { Intensity: { kind: 'curve', points: [], free: [] } }), 'lanes.Intensity should be spelled lanes.intensity'],
    [project({}, { texture: { kind: 'curve', points: [], free: [] } }), 'lanes.texture is not a lane'],
    [project({ duration: 0 }), 'duration should be a number from 0.1 to 14400'],
    [project({ duration: 1e9 }, { rhythm: { kind: 'rhythm', tempo: [{ t: 0, v: 300 }], beatsPerBar: 4, phase: 0 } }), 'duration should be a number from 0.1 to 14400'],
    [project({}, { valence: { kind: 'curve', free: [], points: [{ t: 0, v: 0 }, { t: 900, v: 0.5 }] } }), 'lanes.valence.points[1].t should be a time from 0 to 12 s'],
    [project({}, { arousal: { kind: 'curve', free: [], points: Array.from({ length: 300_000 }, (_, i) => ({ t: i * 4e-5, v: 0 })) } }),
      'lanes.arousal.points has 300000 points; at most 5000 are allowed'],
  ];
  for (const [file, message] of bad) {
    // "Never stalls" is about the page's main thread, not about how long the test harness takes to
    // hand over an 8 MB file on a loaded machine: a heartbeat records the longest gap between ticks.
    await page.evaluate(() => {
      const w = window as unknown as { __gap: number; __beat?: number };
      if (w.__beat) clearInterval(w.__beat);
      let last = performance.now();
      w.__gap = 0;
      w.__beat = window.setInterval(() => {
        const now = performance.now();
        w.__gap = Math.max(w.__gap, now - last);
        last = now;
      }, 20);
    });
    await loadFile(page, 'bad.undertone.json', file);
    await expect(notice).toContainText(message);
    await expect(notice).toHaveAttribute('role', 'alert');
    // Parsing every point of the 300 000-point file and rendering it would hold the thread for many seconds.
    expect(await page.evaluate(() => (window as unknown as { __gap: number }).__gap)).toBeLessThan(1500);
    expect(await curvePoints(page)).toEqual(mine);
    await expect(page.getByTestId('project-name')).toHaveValue('Untitled');
  }
  await loadFile(page, 'good.undertone.json', project());
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('Loaded “Other”');
});

test('a still image is refused and the open clip stays; opening a video clears the stale error', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('project-name')).toHaveValue('clip');
  const src = await page.getByTestId('video').getAttribute('src');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.getByTestId('open-video-input').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('notice')).toHaveText(/“poster\.png” is a still image, not a video/);
  await expect(page.getByTestId('project-name')).toHaveValue('clip');
  expect(await page.getByTestId('video').getAttribute('src')).toBe(src);
  // The same picture renamed .mp4 is still an image (content decides, not the name).
  await page.getByTestId('open-video-input').setInputFiles({ name: 'poster.mp4', mimeType: 'video/mp4', buffer: png });
  await expect(page.getByTestId('notice')).toHaveText(/“poster\.mp4” is a still image/);
  await page.getByTestId('open-video-input').setInputFiles(CLIP);
  await expect(page.getByTestId('notice').and(page.locator('.error'))).toHaveCount(0);
});
