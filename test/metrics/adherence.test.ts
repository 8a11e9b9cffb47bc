/**
 * The adherence view's glue (engine/metrics/adherence.ts, spans.ts) against hand-computed values:
 * a four-second take starting at 1 s on the timeline, at 10 frames per second so every frame is
 * easy to count, with a heard side written by hand where it departs from what was asked.
 */
import { describe, expect, it } from 'vitest';
import { encodeChords } from '../../src/engine/controls/harmony.ts';
import type { Extraction } from '../../src/engine/controls/extract.ts';
import { INTENSITY_REFERENCE_DB } from '../../src/engine/controls/levels.ts';
import { encodeBeats } from '../../src/engine/controls/rhythm-kernel.ts';
import { emptyTrack, type ControlRate } from '../../src/engine/controls/types.ts';
import { adherence, askedChords, askedControls } from '../../src/engine/metrics/adherence.ts';
import { beatF1, majminAccuracy, matchBeats } from '../../src/engine/metrics/index.ts';
import { majminPieces } from '../../src/engine/harmony/accuracy.ts';
import { melodyAccuracy, melodyFrameHits } from '../../src/engine/metrics/melody.ts';
import { clipSpans, partingSpans, subtractSpans } from '../../src/engine/metrics/spans.ts';
import { emptyLanes } from '../../src/engine/project/lanes.ts';
import type { Lanes } from '../../src/engine/project/types.ts';

describe('spans', () => {
  it('runs of set frames, bridged across short gaps, kept when long enough', () => {
    // 10 fps: runs [1,6), [8,11), [14,15); the 0.2 s gap is bridged, the 0.3 s one is not; 0.1 s is too short
    const flags = [0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0];
    expect(partingSpans(flags, 10, { minSeconds: 0.5, bridgeSeconds: 0.25 })).toEqual([{ start: 0.1, end: 1.1 }]);
    expect(partingSpans(flags, 10, { minSeconds: 0, bridgeSeconds: 0 })).toEqual([
      { start: 0.1, end: 0.6 }, { start: 0.8, end: 1.1 }, { start: 1.4, end: 1.5 },
    ]);
    expect(partingSpans([0, 0, 0], 10, { minSeconds: 0, bridgeSeconds: 1 })).toEqual([]);
  });
  it('clips to a window and merges what touches; subtracts holes', () => {
    expect(clipSpans([{ start: 4, end: 6 }, { start: 0, end: 1.5 }, { start: 1.5, end: 2 }], 1, 5)).toEqual([
      { start: 1, end: 2 }, { start: 4, end: 5 },
    ]);
    expect(subtractSpans({ start: 0, end: 10, label: 'C' }, [{ start: 2, end: 3 }, { start: 8, end: 12 }])).toEqual([
      { start: 0, end: 2, label: 'C' }, { start: 3, end: 8, label: 'C' },
    ]);
  });
});

describe('the metrics say which frames and beats they judged', () => {
  it('beats: missed and extra, and F1 from the same matching', () => {
    const m = matchBeats([1, 2, 3], [1.05, 2.5, 3.06]);
    expect(m).toEqual({ hits: 2, missed: [2], extra: [2.5] });
    expect(beatF1([1, 2, 3], [1.05, 2.5, 3.06]).f1).toBeCloseTo(2 / 3, 12);
  });
  it('melody: hit, miss, not counted', () => {
    const oneHot = (pcs: number[]) => { const v = new Float32Array(pcs.length * 12); pcs.forEach((p, t) => { if (p >= 0) v[t * 12 + p] = 1; }); return v; };
    const ref = oneHot([0, 0, 2, -1]), est = oneHot([0, 4, 2, 2]);
    expect([...melodyFrameHits(ref, est)]).toEqual([1, 0, 1, -1]);
    expect(melodyAccuracy(ref, est)).toBeCloseTo(2 / 3, 12);
  });
  it('chords: the pieces majmin accuracy sums', () => {
    const ref = [{ start: 0, end: 2, label: 'C' }, { start: 2, end: 4, label: 'Asus4' }];
    const est = [{ start: 0, end: 1.5, label: 'C' }, { start: 1.5, end: 4, label: 'F' }];
    expect(majminPieces(ref, est)).toEqual([
      { start: 0, end: 1.5, match: true }, { start: 1.5, end: 2, match: false }, { start: 2, end: 4, match: null },
    ]);
    expect(majminAccuracy(ref, est)).toEqual({ accuracy: 0.75, evaluated: 2, matched: 1.5, excluded: 2 });
  });
});

const RATE: ControlRate = { sampleRate: 32000, frameRate: 10 };
const START = 1, T = 40; // the take: 1 s to 5 s on the timeline, frames 0..39 of its own

/** What the person drew (timeline seconds). Arousal is left undrawn. */
function askedLanes(): Lanes {
  const e = emptyLanes();
  return {
    ...e,
    rhythm: { ...e.rhythm, tempo: [{ t: 0, v: 60 }], beatsPerBar: 4, phase: 0 }, // beats every second, downbeats at 0 and 4
    intensity: { kind: 'curve', points: [{ t: 0, v: 0 }, { t: 10, v: 0 }], free: [{ start: 4, end: 5 }] },
    melody: { kind: 'melody', notes: [{ id: 'n1', start: 1, end: 3, pitch: 0 }], free: [] },
    harmony: { ...e.harmony, chords: [{ id: 'c1', start: 1, end: 3, label: 'C' }, { id: 'c2', start: 3, end: 5, label: 'Am' }], free: [{ start: 4, end: 5 }] },
    valence: { kind: 'curve', points: [{ t: 0, v: -1 }, { t: 5, v: 1 }], free: [] },
  };
}

/** What was "heard" (take seconds), written frame by frame. */
function heard(): Extraction {
  const rhythm = emptyTrack(T, 1), intensity = emptyTrack(T, 1), melody = emptyTrack(T, 12), emotion = emptyTrack(T, 2);
  // beats at 0, 1, 2.5 and a downbeat at 3: the beat at 2 is missed, 2.5 is extra
  encodeBeats([{ t: 0, downbeat: false }, { t: 1, downbeat: false }, { t: 2.5, downbeat: false }, { t: 3, downbeat: true }], RATE.frameRate, rhythm.values);
  rhythm.mask.fill(1);
  for (let f = 0; f < T; f++) {
    // 9 dB louder than asked for one second (take 1-2 s)
    intensity.values[f] = INTENSITY_REFERENCE_DB + (f >= 10 && f < 20 ? 9 : 0);
    // C for a second, then D, then no melody
    if (f < 20) { melody.values[f * 12 + (f < 10 ? 0 : 2)] = 1; melody.mask.fill(1, f * 12, f * 12 + 12); }
    // valence exactly as asked: −1 at 0 s rising to 1 at 5 s on the timeline
    emotion.values[f * 2] = -1 + (2 * (START + f / 10)) / 5;
  }
  emotion.mask.fill(1);
  const chords = [{ start: 0, end: 1.5, label: 'C' }, { start: 1.5, end: 4, label: 'F' }];
  return {
    controls: { rate: RATE, frames: T, rhythm, intensity, melody, emotion, harmony: encodeChords(chords, T, RATE.frameRate) },
    duration: 4, bpm: 60, beatsPerBar: 4, beats: [], key: null, chords,
  };
}

describe('adherence of one take', () => {
  const a = adherence(askedLanes(), START, heard());
  const lane = (id: string) => a.lanes.find((l) => l.lane === id)!;

  it('every lane, in the timeline\'s order; the undrawn one free and unscored', () => {
    expect(a.lanes.map((l) => l.lane)).toEqual(['rhythm', 'intensity', 'melody', 'harmony', 'valence', 'arousal']);
    expect([a.start, a.seconds]).toEqual([1, 4]);
    expect(lane('arousal')).toMatchObject({ free: true, scores: [], points: [], parted: [] });
    expect(a.lanes.filter((l) => l.free).map((l) => l.lane)).toEqual(['arousal']);
  });

  it('rhythm: F1 3/4 (one missed, one extra), downbeat F1 1, marked ±0.25 s around both', () => {
    const r = lane('rhythm');
    expect(r.scores.map((s) => s.name)).toEqual(['beat F1', 'downbeat F1']);
    expect(r.scores[0].value).toBeCloseTo(0.75, 12);
    expect(r.scores[1].value).toBe(1);
    expect(r.beats!.asked.map((b) => b.t)).toEqual([1, 2, 3, 4]);
    expect(r.beats!.heard.map((b) => b.t)).toEqual([1, 2, 3.5, 4]);
    // take 1.75-2.25 (the missed 2 → frames 18..22) and 2.25-2.75 (the extra 2.5 → 23..27) join: timeline 2.8-3.8
    expect(r.parted).toHaveLength(1);
    expect(r.parted[0].start).toBeCloseTo(2.8, 9);
    expect(r.parted[0].end).toBeCloseTo(3.8, 9);
  });

  it('intensity: RMSE √(10·9²/30) over the 30 asked frames; parted where 9 dB > 6 dB; free span shown', () => {
    const i = lane('intensity');
    expect(i.free).toBe(false);
    expect(i.scores.find((s) => s.name === 'RMSE')!.value).toBeCloseTo(Math.sqrt(27), 4);
    // asked is constant: no correlation to speak of
    expect(i.scores.find((s) => s.name === 'PCC')!.value).toBe(0);
    expect(i.parted).toEqual([{ start: 2, end: 3 }]);
    expect(i.freeSpans).toEqual([{ start: 4, end: 5 }]);
    // chart in the lane's units (dB from the mix reference), asked null where free
    expect(i.points).toHaveLength(40);
    expect(i.points[10]).toEqual({ t: 2, asked: 0, heard: 9 });
    expect(i.points[35]).toEqual({ t: 4.5, asked: null, heard: 0 });
  });

  it('valence heard exactly as asked: PCC 1, CCC 1, RMSE 0, nothing parted', () => {
    const v = lane('valence');
    expect(v.scores[0].value).toBeCloseTo(1, 5);
    expect(v.scores[1].value).toBeCloseTo(1, 5);
    expect(v.scores[2].value).toBeCloseTo(0, 5);
    expect(v.parted).toEqual([]);
  });

  it('melody: half the asked frames right (C then D against C), parted over the D', () => {
    const m = lane('melody');
    expect(m.scores).toEqual([{ name: 'frame accuracy', value: 0.5 }]);
    expect(m.parted).toEqual([{ start: 2, end: 3 }]);
    expect(m.points[15]).toEqual({ t: 2.5, asked: 0, heard: 2 });
    expect(m.points[25]).toEqual({ t: 3.5, asked: null, heard: null });
  });

  it('harmony: C 0-2 and Am 2-3 asked (Am 3-4 free) against C 0-1.5, F 1.5-4: accuracy 1.5/3', () => {
    const h = lane('harmony');
    expect(h.scores[0]).toEqual({ name: 'chord accuracy', value: 0.5 });
    expect(h.parted).toEqual([{ start: 2.5, end: 4 }]);
    expect(h.freeSpans).toEqual([{ start: 4, end: 5 }]);
    expect(h.chords!.asked).toEqual([{ start: 1, end: 3, label: 'C' }, { start: 3, end: 4, label: 'Am' }]);
    // roots: C (0) asked and heard at 1.5 s, A (9) asked against F (5) at 3.5 s
    expect(h.points[5]).toEqual({ t: 1.5, asked: 0, heard: 0 });
    expect(h.points[25]).toEqual({ t: 3.5, asked: 9, heard: 5 });
  });

  it('chords asked: cut to the take, less the free spans (the eval scores chords the same way)', () => {
    const lane = { ...emptyLanes().harmony, chords: [{ id: 'g', start: 0, end: 4, label: 'G' }], free: [{ start: 1, end: 2 }] };
    expect(askedChords(lane, 0, 3)).toEqual([{ start: 0, end: 1, label: 'G' }, { start: 2, end: 3, label: 'G' }]);
    expect(askedChords(lane, 1.5, 2)).toEqual([{ start: 0.5, end: 2, label: 'G' }]);
  });

  it('asked controls start at the take: its frame 0 is the timeline\'s 1 s', () => {
    const c = askedControls(askedLanes(), START, T, RATE);
    expect(c.frames).toBe(40);
    // the free span 4-5 s begins at take frame 30; the downbeat at 4 s reads 2 there
    expect([c.intensity.mask[29], c.intensity.mask[30]]).toEqual([1, 0]);
    expect([c.rhythm.values[0], c.rhythm.values[10], c.rhythm.values[30]]).toEqual([1, 1, 2]);
  });
});
