import { describe, expect, it } from 'vitest';
import { changeTimes, gridBeats, harmonicRhythm } from '../../src/engine/harmony/plan-grid.ts';
import { moodRegions, outsideSpans, planHarmony, spansToFill, type HarmonyPlanInput, type PlannerLanes } from '../../src/engine/harmony/planner.ts';
import { chordTones, keyLabel, parseChord, parseKey, type ChordSegment } from '../../src/engine/harmony/symbols.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import type { CurveLane, Note, RhythmLane } from '../../src/engine/project/types.ts';

const flat = (v: number): CurveLane => ({ kind: 'curve', points: [{ t: 0, v }], free: [] });
const undrawn: CurveLane = { kind: 'curve', points: [], free: [] };
/** 120 BPM in 4/4 from 0 s: a beat every 0.5 s, a bar every 2 s. */
const rhythm: RhythmLane = { kind: 'rhythm', tempo: [{ t: 0, v: 120 }], beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: [] };

/** "Twinkle, twinkle" in C, a note per beat (0.5 s), 24 s with the second half repeated. */
const TWINKLE = [0, 0, 7, 7, 9, 9, 7, 7, 5, 5, 4, 4, 2, 2, 0, 0, 7, 7, 5, 5, 4, 4, 2, 2, 7, 7, 5, 5, 4, 4, 2, 2,
  0, 0, 7, 7, 9, 9, 7, 7, 5, 5, 4, 4, 2, 2, 0, 0];
const notes = (pcs: readonly number[], beat = 0.5): Note[] => pcs.map((p, i) => ({ id: `n${i}`, start: i * beat, end: (i + 0.95) * beat, pitch: p }));

function lanes(over: Partial<PlannerLanes> = {}): PlannerLanes {
  return { rhythm, melody: { kind: 'melody', notes: notes(TWINKLE), free: [] }, valence: flat(0.5), arousal: flat(0), ...over };
}
const input = (over: Partial<HarmonyPlanInput> = {}): HarmonyPlanInput =>
  ({ lanes: lanes(), duration: 24, cuts: [], spans: [{ start: 0, end: 24 }], seed: 1, ...over });

const changes = (chords: readonly ChordSegment[]) => chords.slice(1).map((c) => c.start);
const chordAt = (chords: readonly ChordSegment[], t: number) => chords.find((c) => t >= c.start && t < c.end);
const downbeats = (duration: number) => beatTimes(rhythm, duration).filter((b) => b.downbeat).map((b) => b.t);

describe('harmony planner: key from valence and melody', () => {
  it('positive valence → major key, negative → minor; the melody picks the tonic', () => {
    expect(keyLabel(planHarmony(input({ lanes: lanes({ valence: flat(0.6) }) })).key)).toBe('C major');
    // Twinkle has no B or Bb, so D minor holds its notes as well as A minor does; its D weighs more.
    const minor = planHarmony(input({ lanes: lanes({ valence: flat(-0.6) }) })).key;
    expect(keyLabel(minor)).toBe('D minor');
  });

  it('without a melody: the mode from valence, the tonic from the seed; major and minor chords to match', () => {
    const bare = (v: number, seed: number) => planHarmony(input({ lanes: lanes({ valence: flat(v), melody: { kind: 'melody', notes: [], free: [] } }), seed }));
    for (let seed = 1; seed <= 6; seed++) {
      const up = bare(0.8, seed), down = bare(-0.8, seed);
      expect(up.key.mode).toBe('major');
      expect(down.key.mode).toBe('minor');
      const minorShare = (cs: readonly ChordSegment[]) => cs.filter((c) => /m|dim/.test(parseChord(c.label) ? c.label.slice(1) : '')).length / cs.length;
      expect(minorShare(up.chords)).toBeLessThan(minorShare(down.chords));
    }
    expect(new Set([1, 2, 3, 4, 5, 6].map((s) => keyLabel(bare(0.8, s).key))).size).toBeGreaterThan(1);
  });

  it('keeps a given key, and takes the key of the chords already on the lane', () => {
    expect(keyLabel(planHarmony(input({ key: parseKey('G major') })).key)).toBe('G major');
    const context = [{ start: 0, end: 2, label: 'Eb' }, { start: 2, end: 4, label: 'Ab' }, { start: 4, end: 6, label: 'Bb' }, { start: 6, end: 8, label: 'Eb' }];
    const plan = planHarmony(input({ lanes: lanes({ melody: { kind: 'melody', notes: [], free: [] } }), context, spans: [{ start: 8, end: 24 }] }));
    expect(keyLabel(plan.key)).toBe('Eb major');
  });
});

describe('harmony planner: the melody on strong beats', () => {
  it('the melody note on ≥ 90 % of downbeats is a chord tone, at every arousal and seed', () => {
    for (const a of [-0.8, 0, 0.5, 0.9]) {
      for (let seed = 1; seed <= 5; seed++) {
        const { chords } = planHarmony(input({ lanes: lanes({ arousal: flat(a) }), seed }));
        const beats = downbeats(24);
        const held = beats.filter((t) => {
          const pc = TWINKLE[Math.round(t / 0.5)];
          return chordTones(parseChord(chordAt(chords, t)!.label)!).includes(pc);
        });
        expect(held.length / beats.length, `arousal ${a} seed ${seed}: ${chords.map((c) => c.label)}`).toBeGreaterThanOrEqual(0.9);
      }
    }
  });

  it('a note outside the key on a downbeat gets a chord that holds it', () => {
    const pcs = TWINKLE.slice();
    pcs[16] = 6; // F# on the downbeat at 8 s (C major)
    const { chords } = planHarmony(input({ lanes: lanes({ melody: { kind: 'melody', notes: notes(pcs), free: [] } }) }));
    expect(chordTones(parseChord(chordAt(chords, 8)!.label)!)).toContain(6);
  });
});

describe('harmony planner: when chords change', () => {
  it('calm: changes on downbeats every two bars; neutral: every bar', () => {
    const calm = planHarmony(input({ lanes: lanes({ arousal: flat(-0.8) }) })).chords;
    const bar = planHarmony(input({ lanes: lanes({ arousal: flat(0) }) })).chords;
    for (const t of [...changes(calm), ...changes(bar)]) expect(downbeats(24).some((d) => Math.abs(d - t) < 1e-9), `change at ${t}`).toBe(true);
    expect(changes(calm).every((t) => Math.abs(t / 4 - Math.round(t / 4)) < 1e-9)).toBe(true);
    expect(calm.length).toBeLessThanOrEqual(6);
    expect(bar.length).toBeGreaterThanOrEqual(9); // 12 bars; a repeat may merge two
  });

  it('high arousal changes chords more often than low (per beat vs per two bars)', () => {
    const count = (a: number) => planHarmony(input({ lanes: lanes({ arousal: flat(a) }) })).chords.length;
    expect(count(0.9)).toBeGreaterThanOrEqual(4 * count(-0.8));
    expect(count(0.5)).toBeGreaterThan(count(0));
    expect(harmonicRhythm(-0.8, 4)).toMatchObject({ name: 'two bars', beats: 8 });
    expect(harmonicRhythm(0.5, 4)).toMatchObject({ name: 'half bar', beats: 2, strength: 1 });
    expect(harmonicRhythm(0.5, 3)).toMatchObject({ name: 'bar' });
  });

  it('a cut is a change of root, exactly at the cut; a grid change beside it moves onto it', () => {
    const cuts = [5.1, 9.95, 17.3];
    for (let seed = 1; seed <= 5; seed++) {
      const { chords } = planHarmony(input({ cuts, seed, lanes: lanes({ arousal: flat(0) }) }));
      const at = changes(chords);
      for (const c of cuts) {
        expect(at, `seed ${seed}`).toContain(c);
        const i = chords.findIndex((x) => x.start === c);
        expect(parseChord(chords[i].label)!.root).not.toBe(parseChord(chords[i - 1].label)!.root);
      }
      // 10 s (a downbeat 0.05 s from the 9.95 cut) is gone: the cut took its place.
      expect(at).not.toContain(10);
      for (const t of at.filter((x) => !cuts.includes(x))) expect(Math.abs(t / 2 - Math.round(t / 2))).toBeLessThan(1e-9);
    }
  });

  it('without a tempo, changes follow a nominal 120 BPM 4/4 grid', () => {
    const { chords } = planHarmony(input({ lanes: lanes({ rhythm: { ...rhythm, tempo: [] } }) }));
    expect(changes(chords).every((t) => Math.abs(t / 2 - Math.round(t / 2)) < 1e-9)).toBe(true);
    const { beats, beatsPerBar } = gridBeats({ ...rhythm, tempo: [] }, 4);
    expect(beatsPerBar).toBe(4);
    expect(beats.map((b) => b.strength)).toEqual([2, 0, 1, 0, 2, 0, 1, 0]);
  });

  it('a span that starts mid-bar changes on the next downbeat, not a beat later', () => {
    const { beats } = gridBeats(rhythm, 12);
    const { times } = changeTimes({ start: 3, end: 9 }, beats, 4, () => 0, []);
    expect(times).toEqual([3, 4, 6, 8, 9]);
  });

  it('from excited to calm: per beat, then back onto the downbeats every two bars', () => {
    const { beats } = gridBeats(rhythm, 16);
    // Arousal 0.9 until 2.6 s, then −0.8: the calm chord from 3 s (a weak beat) ends on the next
    // downbeat, and two-bar chords follow from there (not 8 beats after 3 s).
    const { times } = changeTimes({ start: 0, end: 16 }, beats, 4, (t) => (t < 2.6 ? 0.9 : -0.8), []);
    expect(times).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 8, 12, 16]);
  });
});

describe('harmony planner: seeded, and only inside the spans', () => {
  it('the same inputs and seed give the same chords; other seeds give other progressions', () => {
    const a = planHarmony(input({ cuts: [5.1], seed: 42 }));
    expect(planHarmony(input({ cuts: [5.1], seed: 42 }))).toEqual(a);
    const labels = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => planHarmony(input({ seed })).chords.map((c) => c.label).join(' ')));
    expect(labels.size).toBeGreaterThan(1);
  });

  it('proposes chords inside the free spans only; the lane outside them is untouched', () => {
    const existing = [
      { id: 'a', start: 0, end: 4, label: 'C' }, { id: 'b', start: 4, end: 10, label: 'F' }, { id: 'c', start: 14, end: 24, label: 'G' },
    ];
    const spans = spansToFill(existing, [{ start: 6, end: 9 }], 24);
    expect(spans).toEqual([{ start: 6, end: 9 }, { start: 10, end: 14 }]);
    const plan = planHarmony(input({ spans, context: outsideSpans(existing, spans) }));
    expect(plan.chords.length).toBeGreaterThan(0);
    for (const c of plan.chords) expect(spans.some((s) => c.start >= s.start && c.end <= s.end), `${c.start}-${c.end}`).toBe(true);
    expect(plan.chords[0].start).toBe(6);
    expect(plan.chords[plan.chords.length - 1].end).toBe(14);
    // The F block is split around the span; the chords outside keep their labels and times.
    expect(outsideSpans(existing, spans)).toEqual([
      { id: 'a', start: 0, end: 4, label: 'C' }, { id: 'b', start: 4, end: 6, label: 'F' }, { id: 'bb', start: 9, end: 10, label: 'F' },
      { id: 'c', start: 14, end: 24, label: 'G' },
    ]);
  });

  it('valence and arousal are read only where drawn and given (undrawn = neutral)', () => {
    const a = planHarmony(input({ lanes: lanes({ valence: undrawn, arousal: undrawn }) }));
    const b = planHarmony(input({ lanes: lanes({ valence: flat(0), arousal: { ...flat(0.9), free: [{ start: 0, end: 24 }] } }) }));
    expect(a.chords).toEqual(b.chords);
  });
});

describe('harmony planner: a mood that moves', () => {
  const ramp = (from: number, to: number, seconds: number): CurveLane => ({ kind: 'curve', points: [{ t: 0, v: from }, { t: seconds, v: to }], free: [] });
  const noMelody = { kind: 'melody', notes: [], free: [] } as const;
  /** +1 for a major-coloured chord, −1 for a minor or diminished one. */
  const colour = (label: string) => { const c = parseChord(label)!; return c.quality === 'm' || c.quality === 'm7' || c.quality === 'dim' ? -1 : 1; };
  const meanColour = (chords: readonly ChordSegment[], from: number, to: number) => {
    const inside = chords.filter((c) => (c.start + c.end) / 2 >= from && (c.start + c.end) / 2 < to);
    return inside.reduce((a, c) => a + colour(c.label) * (c.end - c.start), 0) / inside.reduce((a, c) => a + c.end - c.start, 0);
  };

  it('valence crossing zero splits the span into the parallel minor, then major (same tonic)', () => {
    const l = lanes({ valence: ramp(-0.8, 0.8, 16), melody: noMelody });
    const key = { tonic: 2, mode: 'major' } as const;
    const regions = moodRegions(l, { start: 0, end: 16 }, key);
    expect(regions.map((r) => keyLabel(r.key))).toEqual(['D minor', 'D major']);
    expect(regions[0].start).toBe(0);
    expect(regions[1].end).toBe(16);
    expect(regions[0].end).toBeCloseTo(8, 0);
    for (let seed = 1; seed <= 4; seed++) {
      const plan = planHarmony(input({ lanes: l, duration: 16, spans: [{ start: 0, end: 16 }], seed }));
      expect(meanColour(plan.chords, 0, 7)).toBeLessThan(0);
      expect(meanColour(plan.chords, 9, 16)).toBeGreaterThan(0);
    }
  });

  it('one region when the melody has notes, when the mood never turns, or turns for less than MOOD_MIN_SECONDS', () => {
    const key = { tonic: 0, mode: 'major' } as const;
    expect(moodRegions(lanes({ valence: ramp(-0.8, 0.8, 24) }), { start: 0, end: 24 }, key)).toEqual([{ start: 0, end: 24, key }]);
    expect(moodRegions(lanes({ valence: ramp(0.2, 0.9, 12), melody: noMelody }), { start: 0, end: 12 }, key)).toHaveLength(1);
    const blip: CurveLane = { kind: 'curve', points: [{ t: 0, v: 0.6 }, { t: 5, v: 0.6 }, { t: 5.5, v: -0.6 }, { t: 6.5, v: -0.6 }, { t: 7, v: 0.6 }, { t: 12, v: 0.6 }], free: [] };
    expect(moodRegions(lanes({ valence: blip, melody: noMelody }), { start: 0, end: 12 }, key)).toEqual([{ start: 0, end: 12, key }]);
  });

  it('valence rising inside one mode brightens the chords: darker than the key\'s usual at the low end', () => {
    let early = 0, late = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const plan = planHarmony(input({ lanes: lanes({ valence: ramp(0.15, 0.9, 16), melody: noMelody, arousal: flat(0.5) }), duration: 16, spans: [{ start: 0, end: 16 }], seed }));
      expect(plan.key.mode).toBe('major');
      early += meanColour(plan.chords, 0, 5);
      late += meanColour(plan.chords, 11, 16);
    }
    expect(late / 8).toBeGreaterThan(0.8);
    expect(early / 8).toBeLessThan(late / 8 - 0.5);
  });
});
