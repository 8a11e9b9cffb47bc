/**
 * Issue 8: pitch and harmony must survive the codec. Held-out GM renders (TimGM6mb; training
 * renders with FluidR3_GM) go through the shipped pack's encoder and int8 decoder (what the
 * browser runs), and the engine's own metrics judge what comes back (docs/controls.md, "Codec
 * round-trip metrics"). codec-v1 failed every pitch bar (chroma cosine 0.33, notes back within
 * ±50 cents 5 %, melody 14 % of the originals'); codec-v2 met chroma and melody, not single notes
 * (50 %), loudness or beats; codec-v3l met chroma, melody, loudness and single notes (95 %). The
 * shipped codec-v4 (its encoder refitted to keep the bass, session 25) meets them too, single notes
 * at 100 %, and must keep its FLOORS (the three phrases' beat F1 among them, a regression floor).
 * Whether beats survive is judged on random phrases with written beats (beats.test.ts, BEAT_BAR).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resample, RESAMPLE_DEFAULTS } from '../../src/engine/audio/resample.ts';
import { rng } from '../controls/synth.ts';
import { PITCH_CODEC } from './pack.ts';
import { NOTE_TOLERANCE_CENTS } from '../../src/engine/metrics/index.ts';
import { BARS, FLOORS, OPEN_BARS, type Codec, loadCodec, missedBars, pitchReport, type PitchReport } from './round-trip.ts';

const { name: CODEC_PACK, dir: CODEC_PACK_DIR, present: HAS_CODEC_PACK, skipReason: SKIP_REASON } = PITCH_CODEC;
if (!HAS_CODEC_PACK) console.warn(`test/codec/pitch.test.ts ${SKIP_REASON}`);

describe.skipIf(!HAS_CODEC_PACK)(`${CODEC_PACK} round trip keeps pitch and harmony${HAS_CODEC_PACK ? '' : ` (${SKIP_REASON})`}`, () => {
  let r: PitchReport;
  beforeAll(async () => {
    r = await pitchReport(await loadCodec(CODEC_PACK_DIR), CODEC_PACK);
    const r4 = (_: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v);
    console.log(`${CODEC_PACK} on the held-out pitch fixtures: ${JSON.stringify(r.summary, r4)}; misses ${missedBars(r.summary).join(', ') || 'nothing'}`);
  }, 300_000);

  // A bar issue 8 has not met yet is expected to fail (it.fails): the day a pack meets it this turns
  // red, and the bar leaves OPEN_BARS.
  const bar = (key: keyof typeof BARS) => (OPEN_BARS.includes(key) ? it.fails : it);

  it(`holds its floors meanwhile: ${JSON.stringify(FLOORS)}`, () => {
    for (const k of Object.keys(FLOORS) as (keyof typeof FLOORS)[]) expect(r.summary[k], k).toBeGreaterThanOrEqual(FLOORS[k]);
  });

  bar('noteAccuracy')(`single notes: ≥ ${BARS.noteAccuracy * 100} % come back within ±${NOTE_TOLERANCE_CENTS} cents of the original's f0`, () => {
    const off = r.notes.filter((n) => !(n.cents !== null && Math.abs(n.cents) <= NOTE_TOLERANCE_CENTS))
      .map((n) => `${n.file}: ${n.f0Original.toFixed(1)} → ${n.f0RoundTrip.toFixed(1)} Hz`);
    expect(r.summary.noteAccuracy, off.join('\n')).toBeGreaterThanOrEqual(BARS.noteAccuracy);
  });

  bar('chromaCosine')(`phrases: mean chroma cosine ≥ ${BARS.chromaCosine}`, () => {
    expect(r.summary.chromaCosine, r.phrases.map((p) => `${p.file}: ${p.chromaCosine.toFixed(3)}`).join('\n')).toBeGreaterThanOrEqual(BARS.chromaCosine);
  });

  bar('melodyRatio')(`phrases: the engine's melody accuracy after the round trip ≥ ${BARS.melodyRatio * 100} % of the originals'`, () => {
    // against the melody the MIDI played, so frames the extractor misreads even on the original
    // (a chord tone louder than the melody) neither help nor hurt the codec
    expect(r.summary.melodyRatio).toBeGreaterThanOrEqual(BARS.melodyRatio);
  });

  bar('intensityPcc')(`phrases: loudness survives (intensity PCC ≥ ${BARS.intensityPcc})`, () => {
    expect(r.summary.intensityPcc).toBeGreaterThanOrEqual(BARS.intensityPcc);
  });
});

/** Stand-in codecs that need no pack: they show the bars judge pitch, not fidelity. */
describe('the bars on stand-in codecs', () => {
  const SR = 32000;
  const codec = (f: (x: Float32Array) => Float32Array): Codec => ({ sampleRate: SR, roundTrip: async (x) => f(x) });

  it('a lossless round trip passes every bar, and the fixtures are readable', async () => {
    const r = await pitchReport(codec((x) => x), 'identity');
    expect(missedBars(r.summary)).toEqual([]);
    expect(r.summary.chromaCosine).toBeCloseTo(1, 9);
    expect(r.summary.melodyOriginal).toBeGreaterThan(0.75); // the melody is what the extractor reads
  });

  it('telephone bandwidth (3.8 kHz) plus noise at −40 dBFS still passes: pitch is kept', async () => {
    const noise = rng(11);
    const lossy = (x: Float32Array) => resample(resample(x, SR, 8000, RESAMPLE_DEFAULTS), 8000, SR, RESAMPLE_DEFAULTS).map((v) => v + 0.01 * noise());
    const r = await pitchReport(codec(lossy), 'lowpass+noise');
    expect(missedBars(r.summary)).toEqual([]);
  });
});
