/**
 * SVG sheets → PNG files, rendered by headless Chromium (Debian's, as the e2e tests use; never a
 * downloaded browser). Chromium draws the text with the system's fonts, which a hand-written PNG
 * encoder could not. Where Chromium cannot start, the SVG is written instead and the caller says so.
 */
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

export interface Sheet {
  /** Path without extension: `.png` (or `.svg` when Chromium is missing) is added. */
  readonly file: string;
  readonly svg: string;
}

/** Writes every sheet; returns the files written and, when they are SVG only, why. */
export async function writeSheets(sheets: readonly Sheet[]): Promise<{ files: string[]; fallback: string | null }> {
  let browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  } catch (e) {
    const files: string[] = [];
    for (const s of sheets) { await writeFile(`${s.file}.svg`, s.svg); files.push(`${s.file}.svg`); }
    return { files, fallback: `Chromium did not start (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): SVG written instead of PNG` };
  }
  try {
    const page = await browser.newPage();
    const files: string[] = [];
    for (const s of sheets) {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${s.svg}</body></html>`);
      await page.locator('svg').first().screenshot({ path: `${s.file}.png` });
      files.push(`${s.file}.png`);
    }
    return { files, fallback: null };
  } finally {
    await browser.close();
  }
}
