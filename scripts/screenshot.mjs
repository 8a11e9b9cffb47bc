// Renders docs/screenshot.png: the studio with the fixture clip, hand-drawn lanes, and a take the
// shipped music pack wrote from them (WASM), with its adherence view.
// Usage: npm run build && node scripts/screenshot.mjs   (serves dist/ with vite preview itself)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = 4199;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: root, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
  await page.goto(`http://127.0.0.1:${port}/?backend=wasm`);
  await page.locator('.studio[data-restored=true]').waitFor();
  await page.getByTestId('open-video-input').setInputFiles(path.join(root, 'e2e/fixtures/clip.mp4'));
  await page.getByTestId('video').waitFor();
  await page.waitForTimeout(2500);
  await page.getByTestId('bpm').fill('100');
  // Chords typed on the harmony lane, one bar each (snapped while Snap is still on).
  await page.getByTestId('harmony-key').selectOption('A minor');
  for (const chord of ['Am', 'F', 'C']) {
    await page.getByTestId('chord-input').fill(chord);
    await page.getByTestId('chord-input').press('Enter');
  }
  await page.locator('.brand').click(); // out of the chord field, so keys reach the studio
  await page.keyboard.press('Home');
  const stroke = async (id, f) => {
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    const b = await page.getByTestId(id).boundingBox();
    await page.mouse.move(b.x + 20, b.y + f(0) * b.height);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(b.x + 20 + (b.width - 40) * (i / 40), b.y + f(i / 40) * b.height);
    await page.mouse.up();
  };
  await page.keyboard.press('s'); // free drawing, no snapping
  await stroke('lane-intensity', (x) => 0.8 - 0.6 * x + 0.1 * Math.sin(x * 12));
  await stroke('lane-valence', (x) => 0.6 - 0.35 * Math.sin(x * 5));
  await stroke('lane-arousal', (x) => 0.85 - 0.7 * x * x);
  const mel = await page.getByTestId('lane-melody').boundingBox();
  const row = mel.height / 12;
  const line = [0, 4, 7, 5, 4, 2, 0, 7];
  for (let i = 0; i < line.length; i++) {
    const x = mel.x + 30 + i * ((mel.width - 60) / line.length);
    const y = mel.y + (11 - line[i]) * row + row / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + (mel.width - 60) / line.length - 12, y, { steps: 3 });
    await page.mouse.up();
  }
  await page.keyboard.press('f');
  const val = await page.getByTestId('lane-valence').boundingBox();
  await page.mouse.move(val.x + val.width * 0.62, val.y + 20);
  await page.mouse.down();
  await page.mouse.move(val.x + val.width * 0.8, val.y + 20, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('d');
  await page.mouse.click(5, 5);
  // A take from the drawn lanes: G writes it with the shipped pack; the adherence view follows.
  await page.getByTestId('generate').waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('[data-testid=generate]')?.hasAttribute('disabled'), null, { timeout: 60_000 });
  await page.keyboard.press('g');
  await page.locator('[data-testid=generate-status][data-state=done]').waitFor({ timeout: 180_000 });
  await page.getByTestId('adherence-summary').waitFor({ timeout: 60_000 });
  // the take plays as it is written: let it finish, then park the playhead at the start
  await page.getByTestId('play').filter({ hasText: 'Play' }).waitFor({ timeout: 30_000 });
  await page.mouse.click(5, 5);
  await page.keyboard.press('Home');
  await page.getByText('Where it parted').click();
  await page.getByTestId('adherence-panel').waitFor();
  await page.mouse.move(1, 1); // no chart tooltip in the picture
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(root, 'docs/screenshot.png') });
} finally {
  await browser.close();
  server.kill();
}
