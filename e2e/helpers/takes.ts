/**
 * Shared by the takes specs: generating one more take, the takes' audio as IndexedDB keeps it,
 * and a recorder of what the page sends to the speakers.
 *
 * The recorder: an init script runs the page's AudioContext at 32 kHz (the takes' rate, so
 * buffers play without resampling and the recording can be compared with a take sample for
 * sample) and notes every node connected to the speakers; `startRecording` feeds those nodes to
 * an AudioWorklet that posts every render quantum back. The audio thread renders each quantum once
 * and in order, so the recording is contiguous in the context's time even when the machine is too
 * busy for the output device.
 */
import { expect, type Page } from '@playwright/test';

/** Generate again with `seed`; done when the take list has `count` takes. */
export async function generateTake(page: Page, seed: number, count: number): Promise<void> {
  await page.getByTestId('generate-seed').fill(String(seed));
  await page.getByTestId('generate-start').click();
  await expect(page.getByTestId('take')).toHaveCount(count, { timeout: 90_000 });
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-state', 'done');
}

export interface StoredTake {
  readonly id: string;
  readonly name: string;
  readonly audio: Float32Array;
}

/** Every kept take with its audio, in list order. */
export async function storedTakeAudio(page: Page): Promise<StoredTake[]> {
  const raw = await page.evaluate(() => new Promise<{ id: string; name: string; audio: number[] }[]>((resolve, reject) => {
    const open = indexedDB.open('undertone');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const store = open.result.transaction('media').objectStore('media');
      const list = store.get('takes');
      list.onsuccess = async () => {
        const takes = (list.result?.takes ?? []) as { id: string; name: string }[];
        const audio = await Promise.all(takes.map((t) => new Promise<number[]>((r) => {
          const a = open.result.transaction('media').objectStore('media').get(`take-audio:${t.id}`);
          a.onsuccess = () => r(Array.from((a.result as Float32Array | undefined) ?? []));
        })));
        open.result.close();
        resolve(takes.map((t, i) => ({ id: t.id, name: t.name, audio: audio[i] })));
      };
    };
  }));
  return raw.map((t) => ({ ...t, audio: Float32Array.from(t.audio) }));
}

interface Recording {
  readonly ctx: AudioContext;
  blocks: Float32Array[];
  start: number;
}

declare global {
  interface Window {
    __speakerFeeds?: AudioNode[];
    __recordings?: Recording[];
  }
}

/** Before the page loads: a 32 kHz AudioContext, and a note of what feeds its speakers. */
export async function listenToSpeakers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.AudioContext;
    window.AudioContext = class extends Native {
      constructor(options: AudioContextOptions = {}) {
        super({ ...options, sampleRate: 32000 });
      }
    };
    window.__speakerFeeds = [];
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...a: unknown[]) => unknown;
    AudioNode.prototype.connect = function (this: AudioNode, ...a: unknown[]) {
      if (a[0] instanceof AudioDestinationNode && !(this as { __recorder?: boolean }).__recorder) window.__speakerFeeds!.push(this);
      return connect.apply(this, a);
    } as typeof AudioNode.prototype.connect;
  });
}

/**
 * Start recording channel 0 of everything that reaches the speakers (silence included); again: start
 * afresh. The page may hold more than one AudioContext (decoding uses its own): each is recorded,
 * and `recorded` returns the one that sounded.
 */
export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const contexts = [...new Set(window.__speakerFeeds!.map((f) => f.context))].filter((c): c is AudioContext => c instanceof AudioContext);
    if (!contexts.length) throw new Error('nothing is connected to the speakers yet');
    window.__recordings ??= [];
    for (const ctx of contexts) {
      const known = window.__recordings.find((r) => r.ctx === ctx);
      if (known) { known.blocks = []; known.start = ctx.currentTime; continue; }
      const r: Recording = { ctx, blocks: [], start: 0 };
      window.__recordings.push(r);
      const source = `registerProcessor('recorder', class extends AudioWorkletProcessor {
        process(inputs) { const x = inputs[0][0]; this.port.postMessage(x ? x.slice() : new Float32Array(128)); return true; }
      });`;
      await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const rec = new AudioWorkletNode(ctx, 'recorder', { channelCount: 1, channelCountMode: 'explicit' });
      const mute = ctx.createGain();
      mute.gain.value = 0;
      (mute as unknown as { __recorder: boolean }).__recorder = true;
      rec.port.onmessage = (e) => r.blocks.push(e.data as Float32Array);
      for (const f of new Set(window.__speakerFeeds!.filter((n) => n.context === ctx))) f.connect(rec);
      rec.connect(mute).connect(ctx.destination);
      r.start = ctx.currentTime;
    }
  });
}

/** Seconds of the recording so far, on the audio clock (what was rendered, whatever the wall clock did). */
export function recordingTime(page: Page): Promise<number> {
  return page.evaluate(() => Math.min(...window.__recordings!.map((r) => r.ctx.currentTime - r.start)));
}

/** Wait until the audio clock has run `seconds` more (a busy machine renders audio slower than the wall clock runs). */
export async function waitAudio(page: Page, seconds: number): Promise<void> {
  const t = await recordingTime(page);
  await page.waitForFunction((until) => Math.min(...window.__recordings!.map((r) => r.ctx.currentTime - r.start)) >= until, t + seconds, { timeout: 60_000 });
}

/**
 * What was recorded so far, as one signal at 32 kHz — once the quanta posted by the audio thread
 * have reached the page to within a quarter second (a busy main thread receives them late); of
 * the page's AudioContexts, the one that sounded.
 */
export async function recorded(page: Page): Promise<Float32Array> {
  await page.waitForFunction(() => window.__recordings!.every((r) => r.blocks.length * 128 >= (r.ctx.currentTime - r.start) * 32000 - 8000),
    null, { timeout: 30_000 });
  const blocks = await page.evaluate(() => {
    const energy = (r: Recording) => r.blocks.reduce((e, b) => e + b.reduce((s, v) => s + v * v, 0), 0);
    const loudest = window.__recordings!.reduce((a, b) => (energy(b) > energy(a) ? b : a));
    return loudest.blocks.map((b) => Array.from(b));
  });
  return Float32Array.from(blocks.flat());
}
