/** The plan as a MIDI file (engine/export/midi): written, read back, compared with the lanes. */
import { describe, expect, it } from 'vitest';
import { planToMidi, NO_TEMPO_TEXT, TRACK_NAMES } from '../../src/engine/export/midi/plan.ts';
import { metas } from '../../src/engine/export/midi/read.ts';
import { META } from '../../src/engine/export/midi/smf.ts';
import { PPQ } from '../../src/engine/export/midi/tempo-map.ts';
import { createProject } from '../../src/engine/project/create.ts';
import type { HarmonyLane } from '../../src/engine/project/lanes/harmony.ts';
import type { MelodyLane, Project, RhythmLane } from '../../src/engine/project/types.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import { barLines, endTick, readPlan } from './midi-helpers.ts';

function project(duration: number, lanes: { rhythm?: Partial<RhythmLane>; melody?: Partial<MelodyLane>; harmony?: Partial<HarmonyLane> }): Project {
  const p = createProject('Beach', duration);
  return {
    ...p,
    lanes: {
      ...p.lanes,
      rhythm: { ...p.lanes.rhythm, ...lanes.rhythm },
      melody: { ...p.lanes.melody, ...lanes.melody },
      harmony: { ...p.lanes.harmony, ...lanes.harmony },
    },
  };
}

const note = (id: string, start: number, end: number, pitch: number) => ({ id, start, end, pitch });
const chord = (id: string, start: number, end: number, label: string) => ({ id, start, end, label });
const tempos = (bytes: Uint8Array) => metas(readPlan(bytes).file.tracks[0], META.tempo).map((m) => ({ tick: m.tick, us: (m.data[0] << 16) | (m.data[1] << 8) | m.data[2] }));
const signatures = (bytes: Uint8Array) => metas(readPlan(bytes).file.tracks[0], META.timeSignature).map((m) => `${m.tick}:${m.data[0]}/${2 ** m.data[1]}`);

/** The quarter ticks that land on the lane's beats: the first beat's tick, then one PPQ each. */
function checkBeats(p: Project) {
  const bytes = planToMidi(p);
  const { file, seconds } = readPlan(bytes);
  const beats = beatTimes(p.lanes.rhythm, p.duration);
  let first = 0;
  while (seconds(first) < beats[0].t - 0.0005) first += PPQ / 4;
  beats.forEach((b, j) => expect(Math.abs(seconds(first + j * PPQ) - b.t)).toBeLessThan(0.001));
  // Bar lines after the first beat fall exactly on the downbeats.
  const downs = beats.flatMap((b, j) => (b.downbeat ? [first + j * PPQ] : []));
  expect(barLines(file).filter((t) => t >= first && t <= first + (beats.length - 1) * PPQ)).toEqual(downs);
  return { bytes, first };
}

describe('MIDI export: tempo map', () => {
  it('a steady 120 BPM in 4/4 from 0 s is one tempo and one time signature', () => {
    const bytes = planToMidi(project(8, { rhythm: { tempo: [{ t: 0, v: 120 }] } }));
    expect(readPlan(bytes).file.format).toBe(1);
    expect(readPlan(bytes).file.ppq).toBe(960);
    expect(readPlan(bytes).file.tracks.map((t) => t.name)).toEqual([...TRACK_NAMES]);
    expect(tempos(bytes)).toEqual([{ tick: 0, us: 500000 }]);
    expect(signatures(bytes)).toEqual(['0:4/4']);
    expect(endTick(readPlan(bytes).file)).toBe(16 * PPQ); // 8 s = 16 beats
  });

  it('the time before the first beat is a pickup of whole sixteenths at its own tempo', () => {
    // Phase 0.3 s at 120 BPM: 0.3 s ≈ 2.4 sixteenths → 2 sixteenths of 0.15 s (a 100 BPM quarter).
    const { bytes, first } = checkBeats(project(6, { rhythm: { tempo: [{ t: 0, v: 120 }], phase: 0.3 } }));
    expect(first).toBe(480);
    expect(tempos(bytes)).toEqual([{ tick: 0, us: 600000 }, { tick: 480, us: 500000 }]);
    expect(signatures(bytes)).toEqual(['0:2/16', '480:4/4']);
  });

  it('a tempo ramp, 3/4, a moved beat, an added and a removed one: every beat within 1 ms, downbeats on bar lines', () => {
    const p = project(12, {
      rhythm: { tempo: [{ t: 0, v: 90 }, { t: 10, v: 150 }], beatsPerBar: 3, phase: 0.25, moved: [{ index: 4, t: 2.95 }], added: [5.2], removed: [13] },
    });
    const { bytes } = checkBeats(p);
    // The ramp needs a tempo per beat; bars of 4 (added beat) and 2 (removed beat) between the 3/4 bars.
    expect(tempos(bytes).length).toBeGreaterThan(15);
    // Beats at 0.25 s (downbeat), … an added beat at 5.2 s in the bar from 3.78 s, beat 13 removed.
    expect(signatures(bytes).map((s) => s.split(':')[1])).toEqual(['2/16', '3/4', '4/4', '3/4', '2/4', '3/4']);
  });

  it('beats extrapolated before the phase make a pickup bar before the first downbeat', () => {
    // 120 BPM, phase 1.2 s: beats at 0.2, 0.7, 1.2 (downbeat) → lead of 2 sixteenths (0.2 s ≈ 1.6) + 2 beats.
    const { bytes, first } = checkBeats(project(6, { rhythm: { tempo: [{ t: 0, v: 120 }], phase: 1.2 } }));
    expect(first).toBe(480);
    expect(signatures(bytes)).toEqual(['0:10/16', '2400:4/4']);
  });

  it('no tempo drawn: 120 BPM in the lane meter, and the file says so', () => {
    const p = project(4, { rhythm: { beatsPerBar: 3 }, melody: { notes: [note('a', 1, 1.5, 9)] } });
    const bytes = planToMidi(p);
    const { file, notes } = readPlan(bytes);
    expect(tempos(bytes)).toEqual([{ tick: 0, us: 500000 }]);
    expect(signatures(bytes)).toEqual(['0:3/4']);
    expect(metas(file.tracks[0], META.text).map((m) => m.text)).toContain(NO_TEMPO_TEXT);
    expect(notes(1)).toEqual([{ key: 69, channel: 0, start: 1, end: 1.5, startTick: 1920 }]);
  });
});

describe('MIDI export: melody and chords', () => {
  it('melody notes keep their times, each in the octave nearest the note before, from around C5', () => {
    const melody = [note('a', 1, 1.5, 0), note('b', 1.5, 2, 4), note('c', 2, 3, 7), note('d', 3, 3.25, 11), note('e', 3.5, 4.1, 0)];
    const p = project(6, { rhythm: { tempo: [{ t: 0, v: 100 }, { t: 6, v: 130 }], phase: 0.1 }, melody: { notes: melody } });
    const got = readPlan(planToMidi(p)).notes(1);
    expect(got.map((n) => n.key)).toEqual([72, 76, 79, 83, 84]);
    got.forEach((n, i) => {
      expect(Math.abs(n.start - melody[i].start)).toBeLessThan(0.001);
      expect(Math.abs(n.end - melody[i].end)).toBeLessThan(0.001);
    });
  });

  it('chords are close voicings around C4 with their labels as lyrics, across a tempo change', () => {
    const chords = [chord('1', 0, 2, 'Am'), chord('2', 2, 4.5, 'F'), chord('3', 4.5, 6, 'N'), chord('4', 6, 8, 'G7'), chord('5', 8, 9, 'Bbmaj7')];
    // 90 BPM, then 150 BPM from 4 s: F crosses the change.
    const rhythm = { tempo: [{ t: 0, v: 90 }, { t: 4, v: 90 }, { t: 4.01, v: 150 }] };
    const p = project(10, { rhythm, harmony: { key: 'A minor', chords } });
    const { file, notes, seconds } = readPlan(planToMidi(p));
    const lyrics = metas(file.tracks[2], META.lyric);
    expect(lyrics.map((l) => l.text)).toEqual(['Am', 'F', 'N', 'G7', 'Bbmaj7']);
    lyrics.forEach((l, i) => expect(Math.abs(seconds(l.tick) - chords[i].start)).toBeLessThan(0.001));
    const byStart = new Map<number, number[]>();
    for (const n of notes(2)) {
      expect(n.channel).toBe(1);
      const c = chords.find((x) => Math.abs(x.start - n.start) < 0.001)!;
      expect(Math.abs(n.end - c.end)).toBeLessThan(0.001);
      byStart.set(c.start, [...(byStart.get(c.start) ?? []), n.key]);
    }
    expect([...byStart.values()]).toEqual([[57, 60, 64], [65, 69, 72], [55, 59, 62, 65], [58, 62, 65, 69]]);
    // A minor: no sharps or flats, minor.
    expect([...metas(file.tracks[0], META.keySignature)[0].data]).toEqual([0, 1]);
  });

  it('key signatures follow the lane key; an untouched harmony lane writes none', () => {
    const key = (k: string) => [...metas(readPlan(planToMidi(project(4, { harmony: { key: k } }))).file.tracks[0], META.keySignature)[0].data];
    expect(key('Eb major')).toEqual([253, 0]); // −3
    expect(key('E minor')).toEqual([1, 1]);
    expect(key('D major')).toEqual([2, 0]);
    expect(key('Gb major')).toEqual([250, 0]); // −6
    expect(metas(readPlan(planToMidi(project(4, {}))).file.tracks[0], META.keySignature)).toEqual([]);
  });

  it('notes and chords in free spans are left out (cut at the edges) and marked', () => {
    const p = project(8, {
      rhythm: { tempo: [{ t: 0, v: 120 }] },
      melody: { notes: [note('a', 1, 3, 2), note('b', 4, 5, 5)], free: [{ start: 2, end: 6 }] },
      harmony: { chords: [chord('1', 0, 2, 'C'), chord('2', 2, 4, 'G')], free: [{ start: 3, end: 4 }] },
    });
    const { file, notes } = readPlan(planToMidi(p));
    expect(notes(1).map((n) => [n.key, n.start, n.end])).toEqual([[74, 1, 2]]);
    expect(notes(2).filter((n) => n.key === 55).map((n) => [n.start, n.end])).toEqual([[2, 3]]);
    expect(metas(file.tracks[0], META.marker).map((m) => m.text)).toEqual(['melody free until 6.00 s', 'harmony free until 4.00 s']);
  });

  it('no notes and no chords: three named tracks, no notes, the timeline length', () => {
    const { file } = readPlan(planToMidi(project(5, {})));
    expect(file.tracks.map((t) => t.name)).toEqual(['Tempo map', 'Melody', 'Chords']);
    expect(file.tracks.flatMap((t) => t.events).filter((e) => (e.status & 0xf0) === 0x90)).toEqual([]);
    expect(endTick(file)).toBe(10 * PPQ);
  });
});
