/**
 * The extraction worker's logic as a plain function, so tests drive it in Node without a
 * worker: requests in, responses out. It only adapts the engine (resample → extractControls →
 * lanesFromExtraction). Between stages, and between resampling chunks, it yields to the event
 * loop so a 'cancel' can arrive and stop the run.
 */
import { ANALYSIS_RESAMPLE, Resampler } from '../engine/audio/resample.ts';
import { extractControls } from '../engine/controls/extract.ts';
import { lanesFromExtraction } from '../engine/project/lanes.ts';
import { DEFAULT_RATE } from '../engine/controls/types.ts';
import type { ExtractRequest, ExtractResponse } from './extract.protocol.ts';

type Post = (msg: ExtractResponse) => void;

/** Seconds of input resampled between two yields. */
const CHUNK_S = 10;

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class Cancelled extends Error {}

export function createExtractHandler(post: Post): (msg: ExtractRequest) => Promise<void> {
  let current: string | null = null;
  const check = (id: string) => {
    if (current !== id) throw new Cancelled();
  };

  async function toRate(id: string, x: Float32Array, from: number, to: number): Promise<Float32Array> {
    if (Math.round(from) === Math.round(to)) return x;
    const r = new Resampler(from, to, ANALYSIS_RESAMPLE);
    const parts: Float32Array[] = [];
    const chunk = Math.max(1, Math.round(CHUNK_S * from));
    for (let i = 0; i < x.length; i += chunk) {
      parts.push(r.push(x.subarray(i, i + chunk)));
      post({ type: 'progress', id, stage: 'resampling', fraction: Math.min(1, (i + chunk) / x.length) });
      await tick();
      check(id);
    }
    parts.push(r.flush());
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }

  return async (msg) => {
    if (msg.type === 'cancel') {
      if (current === msg.id) {
        current = null;
        post({ type: 'cancelled', id: msg.id });
      }
      return;
    }
    const { id, samples, sampleRate } = msg;
    const rate = msg.rate ?? DEFAULT_RATE;
    current = id; // a new run supersedes the previous one
    try {
      if (!(sampleRate > 0)) throw new Error(`invalid sample rate ${sampleRate}`);
      if (samples.length === 0) throw new Error('the file holds no audio');
      const mono = await toRate(id, samples, sampleRate, rate.sampleRate);
      post({ type: 'progress', id, stage: 'analysing', fraction: 0 });
      await tick();
      check(id);
      const x = extractControls(mono, rate);
      post({ type: 'progress', id, stage: 'proposing', fraction: 0 });
      await tick();
      check(id);
      const lanes = lanesFromExtraction(x);
      current = null;
      post({ type: 'result', id, proposal: { duration: x.duration, bpm: x.bpm, beatsPerBar: x.beatsPerBar, beatCount: x.beats.length, lanes } });
    } catch (err) {
      if (err instanceof Cancelled) return;
      if (current === id) current = null;
      post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    }
  };
}
