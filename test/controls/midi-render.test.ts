import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { encodeMelody } from '../../src/engine/controls/encode.ts';
import { beatF1, downbeatF1, melodyAccuracy } from '../../src/engine/metrics/index.ts';
import { beatSeconds, type MidiNote, type TempoChange, writeMidi } from './midi.ts';

const SF2 = '/usr/share/sounds/sf2/FluidR3_GM.sf2';
const canRender = spawnSync('fluidsynth', ['--version']).status === 0 && spawnSync('sox', ['--version']).status === 0
  && spawnSync('test', ['-f', SF2]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'undertone-midi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report: string[] = [];
afterAll(() => report.length && console.log(`fluidsynth renders (FluidR3_GM)\n${report.join('\n')}`));

/** GM drums (channel 10) + a piano line: kick and crash on 1, snare on the other beats, hats on eighths. */
function song(bars: number, meter: number, tempos: TempoChange[]): { midi: Uint8Array; beats: { t: number; downbeat: boolean }[] } {
  const notes: MidiNote[] = [];
  const n = bars * meter;
  for (let b = 0; b < n; b++) {
    const pos = b % meter;
    if (pos === 0) notes.push({ beat: b, beats: 0.5, key: 36, velocity: 120, channel: 9 }, { beat: b, beats: 0.5, key: 49, velocity: 70, channel: 9 });
    else notes.push({ beat: b, beats: 0.5, key: 38, velocity: 85, channel: 9 });
    notes.push({ beat: b, beats: 0.25, key: 42, velocity: 60, channel: 9 }, { beat: b + 0.5, beats: 0.25, key: 42, velocity: 45, channel: 9 });
    notes.push({ beat: b, beats: 0.9, key: [60, 64, 67, 72, 67, 64][b % 6], velocity: 70, channel: 0 });
  }
  const secs = beatSeconds(tempos, n);
  // fluidsynth starts rendering at MIDI tick 0, so beat k sits at secs[k] in the audio
  return { midi: writeMidi(notes, tempos, meter), beats: secs.slice(0, n).map((t, i) => ({ t, downbeat: i % meter === 0 })) };
}

function render(name: string, midi: Uint8Array): Float32Array {
  const mid = join(dir, `${name}.mid`), wav = join(dir, `${name}.wav`);
  writeFileSync(mid, midi);
  const r = spawnSync('sh', ['-c', `fluidsynth -ni -q -g 0.4 -r 32000 -O s16 -T raw -F - ${SF2} ${mid} | sox -t raw -r 32000 -e signed -b 16 -c 2 - -c 1 ${wav}`]);
  if (r.status !== 0) throw new Error(`render failed: ${r.stderr}`);
  return decodeWav(readFileSync(wav)).channels[0];
}

describe.skipIf(!canRender)('MIDI renders through fluidsynth, beats known from the MIDI file', () => {
  const cases: [string, number, number, TempoChange[]][] = [
    ['4/4 at 96 BPM', 8, 4, [{ beat: 0, bpm: 96 }]],
    ['3/4 at 132 BPM', 10, 3, [{ beat: 0, bpm: 132 }]],
    ['4/4, 100 → 140 BPM in steps of 10 every 2 bars', 10, 4, [0, 1, 2, 3, 4].map((i) => ({ beat: i * 8, bpm: 100 + 10 * i }))],
    ['4/4, ramp 90 → 150 BPM over 16 bars (tempo event every beat)', 16, 4, Array.from({ length: 64 }, (_, b) => ({ beat: b, bpm: 90 + (60 * b) / 63 }))],
    ['3/4, ramp 140 → 80 BPM over 16 bars', 16, 3, Array.from({ length: 48 }, (_, b) => ({ beat: b, bpm: 140 - (60 * b) / 47 }))],
  ];
  for (const [name, bars, meter, tempos] of cases) {
    it(name, () => {
      const { midi, beats } = song(bars, meter, tempos);
      const x = extractControls(render(name.replace(/\W+/g, '_'), midi));
      const b = beatF1(beats.map((q) => q.t), x.beats.map((q) => q.t));
      const d = downbeatF1(beats, x.beats);
      report.push(`  ${name.padEnd(62)} beat F1 ${b.f1.toFixed(3)}  downbeat F1 ${d.f1.toFixed(3)}  meter ${x.beatsPerBar}`);
      expect(b.f1).toBeGreaterThanOrEqual(tempos.length > 1 ? 0.85 : 0.95);
      expect(d.f1).toBeGreaterThanOrEqual(0.8);
    });
  }
});

describe.skipIf(!canRender)('monophonic MIDI melodies through fluidsynth (bar: frame accuracy ≥ 0.9)', () => {
  const keys = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60, 55, 57, 59, 60, 64, 67, 72, 76, 79, 74, 70, 66, 63];
  for (const [instrument, program] of [['piano', 0], ['flute', 73]] as const) {
    it(instrument, () => {
      const bpm = 100;
      const notes: MidiNote[] = keys.map((key, i) => ({ beat: i, beats: 0.95, key, velocity: 90, channel: 0 }));
      const x = extractControls(render(`melody_${instrument}`, writeMidi(notes, [{ beat: 0, bpm }], 4, { 0: program })));
      const secs = beatSeconds([{ beat: 0, bpm }], keys.length);
      const truth = encodeMelody({ kind: 'melody', free: [], notes: keys.map((k, i) => ({ id: `${i}`, start: secs[i], end: secs[i] + (0.95 * 60) / bpm, pitch: k % 12 })) }, x.controls.frames, 50);
      const acc = melodyAccuracy(truth.values, x.controls.melody.values, truth.mask);
      report.push(`  melody, ${instrument.padEnd(54)} accuracy ${acc.toFixed(3)}`);
      expect(acc).toBeGreaterThanOrEqual(0.9);
    });
  }
});

describe.skipIf(!canRender)('emotion on piano renders moves in the documented direction', () => {
  /** Arpeggiated I–IV–V–I, `third` 4 = major, 3 = minor; `perBeat` notes per beat. */
  function arpeggios(third: number, velocity: number, perBeat: number): MidiNote[] {
    const chords = [[60, 60 + third, 67], [65, 65 + third, 72], [67, 71, 74], [60, 60 + third, 67]];
    const notes: MidiNote[] = [];
    for (let rep = 0; rep < 2; rep++) chords.forEach((c, i) => {
      for (let k = 0; k < 4 * perBeat; k++) {
        notes.push({ beat: rep * 16 + i * 4 + k / perBeat, beats: 1 / perBeat, key: c[k % 3] + (k % 6 >= 3 ? 12 : 0), velocity, channel: 0 });
      }
    });
    return notes;
  }
  const mean = (name: string, notes: MidiNote[], bpm: number) => {
    const e = extractControls(render(name, writeMidi(notes, [{ beat: 0, bpm }], 4))).controls.emotion.values;
    let v = 0, a = 0;
    for (let i = 0; i < e.length; i += 2) { v += e[i]; a += e[i + 1]; }
    return { v: (2 * v) / e.length, a: (2 * a) / e.length };
  };
  it('major > minor valence; fast and loud > slow and soft arousal', () => {
    const major = mean('emo_major', arpeggios(4, 80, 2), 100);
    const minor = mean('emo_minor', arpeggios(3, 80, 2), 100);
    const calm = mean('emo_calm', arpeggios(4, 40, 1), 60);
    const lively = mean('emo_lively', arpeggios(4, 120, 4), 160);
    report.push(`  emotion: valence major ${major.v.toFixed(2)} / minor ${minor.v.toFixed(2)}; arousal slow+soft ${calm.a.toFixed(2)} / fast+loud ${lively.a.toFixed(2)}`);
    expect(major.v - minor.v).toBeGreaterThan(0.3);
    expect(lively.a - calm.a).toBeGreaterThan(0.5);
  });
});
