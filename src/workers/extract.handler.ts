/**
 * The extraction worker's function, plain enough for tests to call in Node without a worker.
 * It only adapts the engine (resample → extractControls → lanesFromExtraction, or → adherence for a take). Between stages, and between resampling chunks, it yields to the event
 * loop so a cancel can arrive and stop the call.
 */
import { ANALYSIS_RESAMPLE, Resampler } from '../engine/audio/resample.ts';
import { extractControls, type Extraction } from '../engine/controls/extract.ts';
import { adherence, type Adherence } from '../engine/metrics/adherence.ts';
import { lanesFromExtraction } from '../engine/project/lanes.ts';
import { DEFAULT_RATE } from '../engine/controls/types.ts';
import type { Call } from './protocol.ts';
import type { AdherenceInput, ExtractInput, ExtractProgress, ReferenceProposal } from './extract.protocol.ts';

/** Seconds of input resampled between two yields. */
const CHUNK_S = 10;

/** A macrotask: lets the page's 'cancel' arrive and abort the call. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function toRate(call: Call<ExtractProgress>, x: Float32Array, from: number, to: number): Promise<Float32Array> {
  if (Math.round(from) === Math.round(to)) return x;
  const r = new Resampler(from, to, ANALYSIS_RESAMPLE);
  const parts: Float32Array[] = [];
  const chunk = Math.max(1, Math.round(CHUNK_S * from));
  for (let i = 0; i < x.length; i += chunk) {
    parts.push(r.push(x.subarray(i, i + chunk)));
    call.progress({ stage: 'resampling', fraction: Math.min(1, (i + chunk) / x.length) });
    await tick();
    call.signal.throwIfAborted();
  }
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Resample, then extract: the stages both calls share, with progress and a cancel point between them. */
async function extractFrom(input: ExtractInput, call: Call<ExtractProgress>): Promise<Extraction> {
  const { samples, sampleRate } = input;
  const rate = input.rate ?? DEFAULT_RATE;
  if (!(sampleRate > 0)) throw new Error(`invalid sample rate ${sampleRate}`);
  if (samples.length === 0) throw new Error('the file holds no audio');
  const mono = await toRate(call, samples, sampleRate, rate.sampleRate);
  call.progress({ stage: 'analysing', fraction: 0 });
  await tick();
  call.signal.throwIfAborted();
  return extractControls(mono, rate);
}

export function createExtractApi() {
  return {
    async extract(input: ExtractInput, call: Call<ExtractProgress>): Promise<ReferenceProposal> {
      const x = await extractFrom(input, call);
      call.progress({ stage: 'proposing', fraction: 0 });
      await tick();
      call.signal.throwIfAborted();
      const lanes = lanesFromExtraction(x);
      return { duration: x.duration, bpm: x.bpm, beatsPerBar: x.beatsPerBar, beatCount: x.beats.length, lanes };
    },
    /** A take's audio heard back and held against the lanes it was asked for (the adherence view). */
    async adherence(input: AdherenceInput, call: Call<ExtractProgress>): Promise<Adherence> {
      const x = await extractFrom(input, call);
      call.progress({ stage: 'scoring', fraction: 0 });
      await tick();
      call.signal.throwIfAborted();
      return adherence(input.lanes, input.start, x);
    },
  };
}

export type ExtractApi = ReturnType<typeof createExtractApi>;
