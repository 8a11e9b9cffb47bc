/**
 * Issue 8: beats must stay where they are. Random phrases with their written beats (random-phrases.ts,
 * rendered here with TimGM6mb, a bank training never uses) go through the app's codec pack (encoder,
 * int8 decoder); the engine's beats are scored against the written ones before and after, and the
 * round trip may lose at most BEAT_BAR.maxCost of the beat F1 the tracker reads on the originals.
 * A wet hall stands in for a codec that smears onsets: the bar must catch it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PITCH_CODEC } from './pack.ts';
import { BEAT_BAR, type Codec, loadCodec } from './round-trip.ts';
import { beatSurvival, type BeatSurvival, type PhraseSet, renderingMissing, renderRandomPhrases } from './random-phrases.ts';

const { name: CODEC_PACK, dir: CODEC_PACK_DIR, present: HAS_CODEC_PACK, skipReason } = PITCH_CODEC;
const missing = renderingMissing();
const skip = !HAS_CODEC_PACK ? skipReason : missing ? `skipped: rendering the phrases ${missing}` : null;
if (skip) console.warn(`test/codec/beats.test.ts ${skip}`);

/** Schroeder's reverberator (four combs, two allpasses), RT60 `rt` s, its tail `wet` × over the dry sound. */
function hall(sampleRate: number, rt: number, wet: number): Codec {
  return {
    sampleRate,
    async roundTrip(x) {
      const combs = [1130, 1174, 1082, 1032].map((d) => ({ d, g: 10 ** ((-3 * d) / (rt * sampleRate)), b: new Float32Array(d), i: 0 }));
      const aps = [163, 403].map((d) => ({ d, b: new Float32Array(d), i: 0 }));
      const y = new Float32Array(x.length);
      for (let n = 0; n < x.length; n++) {
        let s = 0;
        for (const c of combs) { const o = c.b[c.i]; c.b[c.i] = x[n] + c.g * o; c.i = (c.i + 1) % c.d; s += o; }
        s /= combs.length;
        for (const a of aps) { const o = a.b[a.i]; const v = s + 0.5 * o; a.b[a.i] = v; a.i = (a.i + 1) % a.d; s = o - 0.5 * v; }
        y[n] = x[n] + wet * s;
      }
      return y;
    },
  };
}

const show = (r: BeatSurvival) => `beat F1 against the written beats ${r.original.toFixed(3)} → ${r.roundTrip.toFixed(3)} (cost ${r.cost.toFixed(3)} ± ${r.costSe.toFixed(3)} over ${r.phrases}; against the original's beats ${r.againstOriginal.toFixed(3)})`;

describe.skipIf(skip !== null)(`${CODEC_PACK} round trip keeps the beats${skip ? ` (${skip})` : ''}`, () => {
  let set: PhraseSet;
  let pack: BeatSurvival;
  beforeAll(async () => {
    set = renderRandomPhrases(BEAT_BAR.phrases, BEAT_BAR.seed);
    pack = await beatSurvival(await loadCodec(CODEC_PACK_DIR), set);
    console.log(`${CODEC_PACK} on ${BEAT_BAR.phrases} random phrases: ${show(pack)}`);
  }, 600_000);

  it('the tracker reads most written beats on the originals (the set can judge beats)', () => {
    expect(pack.phrases).toBe(BEAT_BAR.phrases);
    expect(pack.original).toBeGreaterThan(0.7);
  });

  it(`loses at most ${BEAT_BAR.maxCost} of the beat F1 the tracker reads on the originals`, () => {
    expect(pack.cost, show(pack)).toBeLessThanOrEqual(BEAT_BAR.maxCost);
  });

  it('a wet hall (RT60 2 s) smears the onsets and fails the same bar', async () => {
    const r = await beatSurvival(hall(set.sampleRate, 2, 2), set);
    expect(r.cost, show(r)).toBeGreaterThan(BEAT_BAR.maxCost);
  }, 300_000);
});
