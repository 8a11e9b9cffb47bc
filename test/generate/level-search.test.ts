/**
 * The level search (engine/generate/level-search.ts): the time-domain frame level against the
 * engine's own analysis, the distance worked by hand, and the real loop on the tiny pack hearing
 * its candidates through its codec's real decoder (the app's) — the chunk kept is the one heard nearest the lane.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, frameLevelsDb } from '../../src/engine/controls/features.ts';
import { DEFAULT_RATE } from '../../src/engine/controls/types.ts';
import { generate, levelSearchFor, type GenerateRequest } from '../../src/engine/generate/generate.ts';
import { HeardMood, MOOD_SEARCH_VALENCE, codecHearing, levelDistance, levelErrorSpread, melodyMisses, type Hearing } from '../../src/engine/generate/level-search.ts';
import { extractEmotion } from '../../src/engine/controls/emotion.ts';
import type { LoadedMusicPack } from '../../src/engine/pack/load.ts';
import { goldenControls, goldenFamilies, goldenVideo, loadTinyPack, TINY_CODEC } from './tiny-pack.ts';

describe('frameLevelsDb', () => {
  it('equals the level the engine analyses, frame by frame, edges included', () => {
    const sr = DEFAULT_RATE.sampleRate, n = Math.round(sr * 1.3);
    let seed = 7;
    const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    // a swelling tone over noise, silent for its first 0.2 s
    const x = Float32Array.from({ length: n }, (_, i) => (i < 0.2 * sr ? 0 : (0.05 + 0.4 * i / n) * Math.sin(2 * Math.PI * 440 * i / sr) + 0.02 * noise()));
    const a = analyse(x, DEFAULT_RATE);
    const all = frameLevelsDb(x, DEFAULT_RATE, 0, a.frames);
    for (let f = 0; f < a.frames; f++) expect(all[f]).toBeCloseTo(a.levelDb[f], 2);
    const part = frameLevelsDb(x, DEFAULT_RATE, 30, 12);
    expect(Array.from(part)).toEqual(Array.from(all.subarray(30, 42)));
    expect(all[0]).toBe(a.levelDb[0]); // silence: the floor, exactly
  });
});

describe('HeardMood', () => {
  it('gives the valence the engine extracts at a frame, from the same analysis', () => {
    const sr = DEFAULT_RATE.sampleRate, n = 8 * sr;
    // C major then A minor triads, a bright partial on top: the key window straddles the change
    const chord = (t: number) => (t < 4 ? [261.6, 329.6, 392] : [220, 261.6, 329.6]);
    const x = Float32Array.from({ length: n }, (_, i) => chord(i / sr).reduce((a, hz) => a + 0.1 * Math.sin(2 * Math.PI * hz * i / sr), 0)
      + 0.02 * Math.sin(2 * Math.PI * 2637 * i / sr));
    const f = analyse(x, DEFAULT_RATE);
    const engine = extractEmotion(f, [], new Float32Array(f.onset.length));
    const heard = { level: f.levelDb, chroma: f.chroma, centroid: f.centroid };
    const mood = new HeardMood(f.frames);
    for (const at of [91, 195, 247, 299]) { // frames where the engine evaluates the key (every 13th: 4 times a second)
      expect(mood.valenceAt(at, heard, 0, NaN, 50)).toBeCloseTo(engine.values[at * 2], 4);
    }
    // the same from frames kept earlier and a candidate's last second
    mood.keep({ level: f.levelDb.subarray(0, 250), chroma: f.chroma.subarray(0, 250 * 12), centroid: f.centroid.subarray(0, 250) }, 0);
    const tail = { level: f.levelDb.subarray(250), chroma: f.chroma.subarray(250 * 12), centroid: f.centroid.subarray(250) };
    expect(mood.valenceAt(247, tail, 250, NaN, 50)).toBeCloseTo(engine.values[247 * 2], 4);
    expect(engine.values[299 * 2]).toBeLessThan(engine.values[91 * 2]); // the minor triad reads sadder
  });
});

describe('melodyMisses', () => {
  it('is the share of frames naming a pitch class whose heard dominant one is another, quiet frames missed (hand-worked)', () => {
    const c = goldenControls();
    c.melody.mask.fill(0); c.melody.values.fill(0);
    // frames 20..23 ask E (4), E, G (7); frame 23 asks nothing
    for (const [f, pc] of [[20, 4], [21, 4], [22, 7]] as const) { c.melody.mask.fill(1, f * 12, f * 12 + 12); c.melody.values[f * 12 + pc] = 1; }
    const chroma = new Float32Array(4 * 12);
    chroma[0 * 12 + 4] = 5; chroma[0 * 12 + 7] = 1; // E: a hit
    chroma[1 * 12 + 4] = 5; // E but below the gate: a miss
    chroma[2 * 12 + 0] = 3; chroma[2 * 12 + 7] = 2; // C over G: a miss
    chroma[3 * 12 + 9] = 9; // not asked
    const h = { level: Float32Array.of(-20, -80, -20, -20), chroma, centroid: new Float32Array(4) };
    expect(melodyMisses(h, c, 20)).toBeCloseTo(2 / 3, 6);
    expect(melodyMisses(h, c, 40)).toBe(0);
  });
});

describe('levelDistance', () => {
  it('is the squared mean of heard − asked over the frames where the lane is set (hand-worked)', () => {
    const c = goldenControls();
    c.intensity.mask.fill(0);
    for (const [f, v] of [[10, -21], [11, -21], [13, -21]] as const) { c.intensity.mask[f] = 1; c.intensity.values[f] = v; }
    // frames 10..13 heard at −20, −22, −40 (free: not counted), −18 → errors 1, −1, 3 → mean 1
    expect(levelDistance(Float32Array.of(-20, -22, -40, -18), c, 10)).toBeCloseTo(1, 6);
    expect(levelDistance(Float32Array.of(-20, -22), c, 20)).toBe(0); // nothing asked there
  });
});

let pack: LoadedMusicPack;
beforeAll(async () => { pack = await loadTinyPack('wasm'); });

const request = (over: Partial<GenerateRequest> = {}): GenerateRequest => ({
  manifest: pack.manifest, sessions: pack.sessions, controls: goldenControls(), video: goldenVideo(), ensemble: goldenFamilies(),
  start: 0, frames: 60, config: { seed: 31 }, ...over,
});

/** The real hearing, with every call's codes and distance kept. */
function recorded(): { hearing: Hearing; calls: { codes: Int32Array; frames: number }[] } {
  const real = codecHearing(pack.codec, pack.decoder, DEFAULT_RATE), calls: { codes: Int32Array; frames: number }[] = [];
  return {
    calls,
    hearing: { ...real, levels: async (codes, frames, first, count) => {
      const l = await real.levels(codes, frames, first, count);
      calls.push({ codes: codes.slice(), frames });
      return l;
    } },
  };
}

describe(`the loop with a level search (tiny pack, ${TINY_CODEC} decoder)`, () => {
  it('one candidate is the plain loop; a search is seeded like it: the same take twice, and another take', async () => {
    const plain = await generate(request());
    const one = await generate(request({ hearing: recorded().hearing, config: { seed: 31, levelSearch: { candidates: 1 } } }));
    expect(Array.from(one.codes)).toEqual(Array.from(plain.codes));
    const search = { seed: 31, levelSearch: { candidates: 3, chunkS: 0.2, memoryS: 0.4 } };
    const a = await generate(request({ hearing: recorded().hearing, config: search }));
    const b = await generate(request({ hearing: recorded().hearing, config: search }));
    expect(a.frames).toBe(60);
    expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
    expect(Array.from(a.codes)).not.toEqual(Array.from(plain.codes));
  });

  it('a pack\'s default search, melody weight included, is what the loop runs when the request names none', () => {
    const manifest = { ...pack.manifest, sampling: { ...pack.manifest.sampling, level_search: { candidates: 2, melody: 20 } } };
    const hearing = recorded().hearing;
    expect(levelSearchFor(manifest, request({ manifest, hearing }))).toEqual({ candidates: 2, chunkS: undefined, memoryS: undefined, melody: 20 });
    // the request's own search wins, and without a way to hear candidates the pack's default is dropped
    expect(levelSearchFor(manifest, request({ manifest, hearing, config: { seed: 0, levelSearch: { candidates: 3 } } }))).toEqual({ candidates: 3 });
    expect(levelSearchFor(manifest, request({ manifest }))).toBeNull();
  });

  it('chords planned from the mood make the search hear the valence lane too, unless it sets its own weight; no search, none added', () => {
    const manifest = { ...pack.manifest, sampling: { ...pack.manifest.sampling, level_search: { candidates: 2 } } };
    const hearing = recorded().hearing;
    expect(levelSearchFor(manifest, request({ manifest, hearing, config: { seed: 0, moodSearch: true } })))
      .toEqual({ candidates: 2, chunkS: undefined, memoryS: undefined, valence: MOOD_SEARCH_VALENCE });
    expect(levelSearchFor(manifest, request({ manifest, hearing, config: { seed: 0, moodSearch: true, levelSearch: { candidates: 4, melody: 20 } } })))
      .toEqual({ candidates: 4, melody: 20, valence: MOOD_SEARCH_VALENCE });
    expect(levelSearchFor(manifest, request({ manifest, hearing, config: { seed: 0, moodSearch: true, levelSearch: { candidates: 2, valence: 5 } } })))
      .toEqual({ candidates: 2, valence: 5 });
    expect(levelSearchFor(manifest, request({ manifest, hearing, config: { seed: 0, moodSearch: false } })))
      .toEqual({ candidates: 2, chunkS: undefined, memoryS: undefined });
    expect(levelSearchFor(pack.manifest, request({ hearing, config: { seed: 0, moodSearch: true } }))).toBeNull();
  });

  it('keeps, of each chunk\'s candidates, the one heard nearest the lane, and streams it once, in order', async () => {
    const { hearing, calls } = recorded();
    const N = 3, controls = goldenControls();
    const got: number[] = [];
    const g = await generate(request({ controls, hearing, config: { seed: 31, levelSearch: { candidates: N, chunkS: 0.2, memoryS: 0.4 } },
      onFrames: (codes, first) => got.push(first, codes.length / 4) }));
    let next = 0;
    for (let i = 0; i < got.length; i += 2) { expect(got[i]).toBe(next); next += got[i + 1]; }
    expect(next).toBe(60);
    expect(calls.length % N).toBe(0);
    expect(calls.length).toBeGreaterThanOrEqual(2 * N);
    const K = 4, T = g.frames;
    // a candidate's span of frames sits at the offset where its codes meet the take's
    const at = (c: { codes: Int32Array; frames: number }, o: number) => {
      for (let k = 0; k < K; k++) for (let i = 0; i < c.frames; i++) if (c.codes[k * c.frames + i] !== g.codes[k * T + o + i]) return false;
      return true;
    };
    const hear = codecHearing(pack.codec, pack.decoder, DEFAULT_RATE);
    for (let i = 0; i < calls.length; i += N) {
      const group = calls.slice(i, i + N);
      // the candidates share one span; the kept one's codes sit in the take where that span starts
      const kept = group.map((c) => [...Array(T - c.frames + 1).keys()].find((o) => at(c, o)));
      const o = kept.find((x) => x !== undefined);
      expect(o).toBeDefined();
      // each candidate's distance, heard again from its own codes over the span the loop measured (its last frames)
      const ds: number[] = [];
      for (const c of group) {
        const hi = c.frames - hear.edge, lo = Math.max(0, hi - 20);
        const heard = await hear.levels(c.codes, c.frames, lo, hi - lo);
        ds.push(levelDistance(heard, controls, o! + lo) + levelErrorSpread(heard, controls, o! + lo)); // the mean square (spread 1, the default)
      }
      expect(kept[ds.indexOf(Math.min(...ds))]).toBe(o); // the nearest one is the one in the take
    }
  });

  it('asks nothing of the hearing where the intensity lane is free, and writes the plain take', async () => {
    const controls = goldenControls();
    controls.intensity.mask.fill(0);
    const { hearing, calls } = recorded();
    const g = await generate(request({ controls, hearing, config: { seed: 31, levelSearch: { candidates: 3, chunkS: 0.2 } } }));
    expect(calls.length).toBe(0);
    expect(Array.from(g.codes)).toEqual(Array.from((await generate(request({ controls }))).codes));
  });

  it('refuses a search without a hearing, and a bad setting, before writing anything', async () => {
    await expect(generate(request({ config: { seed: 1, levelSearch: { candidates: 3 } } }))).rejects.toThrow(/hearing/);
    await expect(generate(request({ hearing: recorded().hearing, config: { seed: 1, levelSearch: { candidates: 40 } } }))).rejects.toThrow(/1-16/);
  });
});
