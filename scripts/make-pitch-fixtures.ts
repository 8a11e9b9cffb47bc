/**
 * Held-out pitch fixtures for the codec tests (issue 8): small MIDI files rendered by fluidsynth
 * with TimGM6mb (Debian timgm6mb-soundfont). Training renders with FluidR3_GM, so these are
 * instrument samples the codec never heard. Writes 32 kHz mono 16-bit WAVs and fixtures.json to
 * test/fixtures/pitch/. The WAVs are committed, so the pitch spec needs neither fluidsynth nor the
 * soundfont (the beat spec does: it renders random phrases through this script, test/codec/
 * random-phrases.ts); run this only to change the set:
 *
 *   apt-get install fluidsynth sox timgm6mb-soundfont
 *   npx tsx scripts/make-pitch-fixtures.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../src/engine/audio/wav.ts';
import { INTENSITY_REFERENCE_DB } from '../src/engine/controls/levels.ts';
import { keyLabel } from '../src/engine/harmony/symbols.ts';
import { mulberry32 } from '../src/engine/random.ts';
import { beatSeconds, type MidiNote, writeMidi } from '../test/controls/midi.ts';

// PITCH_SF2 / PITCH_OUT render the same set with another bank elsewhere, e.g. FluidR3_GM (the
// training bank) into /tmp, to tell a timbre the codec never heard from a note it cannot write.
const SF2 = process.env.PITCH_SF2 ?? '/usr/share/sounds/sf2/TimGM6mb.sf2';
const OUT = process.env.PITCH_OUT ?? 'test/fixtures/pitch';
const SR = 32000;
/**
 * PITCH_SET=wide:N:SEED writes N single notes instead of the committed 22 and no phrases: GM
 * programs drawn from WIDE_PROGRAMS, pitches uniform over each one's range. A set this size
 * chooses and judges an encoder or decoder change without tuning it to the 22 fixture notes
 * (render it with two banks: one to choose on, the other to report).
 */
const WIDE = /^wide:(\d+):(\d+)$/.exec(process.env.PITCH_SET ?? '');
/**
 * PITCH_SET=phrases:N:SEED writes N random phrases (and no notes) with their written beats: tempo
 * 70-160 BPM, 3 or 4 beats a bar, a melody over block chords, arpeggios or a bass-and-chord
 * pattern, drums in some, soft and hard attacks, a loudness shape each. The beat bar's three
 * committed phrases move by a whole phrase's tracker at a time; a set this size chooses and judges a
 * beat-tracker or codec change on what the bar stands for.
 */
const RANDOM_PHRASES = /^phrases:(\d+):(\d+)$/.exec(process.env.PITCH_SET ?? '');
const NOTE_SECONDS = 1.0;
const PHRASE_SECONDS = Number(process.env.PITCH_SECONDS ?? 4);

/**
 * [GM program, instrument, MIDI pitch]: every family, registers MIDI 36..84 within each range.
 * Not TimGM6mb's drawbar (16), percussive (17), rock (18) or church (19) organ: they sound a 16'
 * rank an octave below the key at up to the 8' rank's level (percussive: only it), so the period
 * of the sound is an octave below the key by construction and would test nothing.
 */
const NOTES: [number, string, number][] = [
  [0, 'piano', 36], [0, 'piano', 60], [0, 'piano', 84],
  [4, 'electric-piano', 67],
  [11, 'vibraphone', 65], [11, 'vibraphone', 79],
  [12, 'marimba', 72],
  [20, 'reed-organ', 48], [21, 'accordion', 57],
  [24, 'nylon-guitar', 45], [24, 'nylon-guitar', 64],
  [33, 'finger-bass', 36], [33, 'finger-bass', 43],
  [40, 'violin', 69], [42, 'cello', 50],
  [48, 'strings', 55], [48, 'strings', 74],
  [56, 'trumpet', 62], [57, 'trombone', 46],
  [65, 'alto-sax', 61],
  [73, 'flute', 77],
  [80, 'square-lead', 57],
];

/** [GM program, name, lowest, highest MIDI pitch] for the wide set: ranges as the instruments play. */
const WIDE_PROGRAMS: [number, string, number, number][] = [
  [0, 'piano', 28, 96], [4, 'electric-piano', 36, 84], [6, 'harpsichord', 36, 84], [8, 'celesta', 60, 96],
  [11, 'vibraphone', 53, 89], [12, 'marimba', 45, 96], [21, 'accordion', 41, 84], [22, 'harmonica', 60, 84],
  [24, 'nylon-guitar', 40, 76], [25, 'steel-guitar', 40, 79], [26, 'jazz-guitar', 40, 76],
  [32, 'acoustic-bass', 28, 55], [33, 'finger-bass', 28, 60], [35, 'fretless-bass', 28, 60],
  [40, 'violin', 55, 96], [41, 'viola', 48, 84], [42, 'cello', 36, 72], [43, 'contrabass', 28, 55],
  [46, 'harp', 36, 91], [48, 'strings', 36, 91], [52, 'choir', 48, 79], [56, 'trumpet', 55, 82],
  [57, 'trombone', 40, 72], [58, 'tuba', 28, 58], [60, 'horn', 41, 77], [61, 'brass', 40, 79],
  [64, 'soprano-sax', 56, 87], [65, 'alto-sax', 49, 80], [66, 'tenor-sax', 44, 75], [68, 'oboe', 58, 91],
  [70, 'bassoon', 34, 72], [71, 'clarinet', 50, 89], [73, 'flute', 60, 96], [74, 'recorder', 60, 91],
  [80, 'square-lead', 36, 84], [81, 'saw-lead', 36, 84], [89, 'warm-pad', 36, 84],
];

function wideNotes(n: number, seed: number): [number, string, number][] {
  const r = mulberry32(seed); // the same set on every machine
  return Array.from({ length: n }, (_, i) => {
    const [program, name, lo, hi] = WIDE_PROGRAMS[i % WIDE_PROGRAMS.length];
    return [program, name, lo + Math.floor(r() * (hi - lo + 1))];
  });
}

interface Phrase {
  name: string;
  bpm: number;
  /** Beats a bar (4 when absent). */
  meter?: number;
  key: string;
  programs: Record<number, number>;
  /** Melody on channel 0, in beats: [beat, length, MIDI pitch]. */
  melody: [number, number, number][];
  /** Accompaniment on channel 1: [beat, length, MIDI pitches]. */
  accompaniment: [number, number, number[]][];
  /** GM drums on channel 9: [beat, key]. */
  drums?: [number, number][];
  /**
   * Loudness shape, a velocity factor per beat: the intensity control then has a curve to keep
   * (a phrase at one velocity reads almost flat, and PCC on a flat curve measures only noise).
   */
  dynamics: (beat: number) => number;
}

/**
 * Kick on every beat, snare on 2 and 4, a closed hat on each beat: one metrical level only, so the
 * beat tracker cannot lock to the eighths (with hats on the eighths, codec-v1's round trip of the
 * trumpet phrase read 180 BPM instead of 90).
 */
const groove = (beats: number): [number, number][] =>
  Array.from({ length: beats }, (_, b): [number, number][] => [[b, b % 2 ? 38 : 36], [b, 42]]).flat();

const arp = (beat: number, chord: number[], steps: number): [number, number, number[]][] =>
  Array.from({ length: steps }, (_, i) => [beat + i / 2, 0.5, [chord[i % chord.length]]]);

const PHRASES: Phrase[] = [
  {
    name: 'flute-over-strings', bpm: 120, key: 'C major', programs: { 0: 73, 1: 48 },
    melody: [[0, 1, 76], [1, 0.5, 77], [1.5, 0.5, 79], [2, 1, 81], [3, 1, 79], [4, 1.5, 77], [5.5, 0.5, 76], [6, 1, 74], [7, 0.9, 72]],
    accompaniment: [[0, 2, [48, 55, 64]], [2, 2, [53, 57, 60]], [4, 2, [50, 57, 65]], [6, 2, [43, 55, 59]]],
    dynamics: (b) => 0.35 + (0.65 * b) / 8, // crescendo
  },
  {
    name: 'trumpet-over-piano', bpm: 90, key: 'E♭ major', programs: { 0: 56, 1: 0 },
    melody: [[0, 0.5, 70], [0.5, 0.5, 72], [1, 1, 75], [2, 0.5, 74], [2.5, 0.5, 72], [3, 1.5, 70], [4.5, 0.5, 67], [5, 0.9, 68]],
    accompaniment: [[0, 1.5, [51, 55, 58]], [1.5, 1.5, [48, 51, 55]], [3, 1.5, [44, 48, 51]], [4.5, 1.5, [46, 50, 53]]],
    drums: groove(6),
    dynamics: (b) => (b < 3 ? 1 : 0.4), // forte, then subito piano
  },
  {
    name: 'violin-over-guitar-arpeggio', bpm: 135, key: 'D minor', programs: { 0: 40, 1: 24 },
    melody: [[0, 1.5, 74], [1.5, 0.5, 76], [2, 1, 77], [3, 1, 81], [4, 1.5, 79], [5.5, 0.5, 77], [6, 1, 76], [7, 1, 73], [8, 0.9, 74]],
    accompaniment: [...arp(0, [38, 45, 50, 53], 6), ...arp(3, [34, 41, 46, 50], 6), ...arp(6, [33, 40, 45, 49], 6)],
    drums: groove(9),
    dynamics: (b) => 1 - (0.6 * b) / 9, // diminuendo
  },
];

/** [GM program, lowest, highest] for a random phrase's melody, then its accompaniment. */
const LEAD_PROGRAMS: [number, number, number][] = [
  [0, 60, 84], [4, 60, 84], [11, 60, 84], [22, 60, 80], [24, 55, 76], [40, 62, 88], [41, 55, 79],
  [56, 60, 80], [60, 55, 77], [64, 60, 84], [65, 55, 79], [68, 62, 86], [71, 55, 84], [73, 65, 91],
  [80, 55, 79], [81, 55, 79],
];
const ACCOMP_PROGRAMS = [0, 4, 6, 19, 24, 25, 32, 33, 42, 46, 48, 49, 52, 61, 89];
const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];

/** A random phrase of PHRASE_SECONDS: what PITCH_SET=phrases draws (see RANDOM_PHRASES). */
function randomPhrase(r: () => number, i: number): Phrase {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const bpm = Math.round(70 + r() * 90);
  const meter = r() < 0.3 ? 3 : 4;
  const beats = Math.ceil((PHRASE_SECONDS * bpm) / 60);
  const tonic = Math.floor(r() * 12);
  const minor = r() < 0.5;
  const scale = minor ? MINOR : MAJOR;
  const [lead, lo, hi] = pick(LEAD_PROGRAMS);
  const accomp = pick(ACCOMP_PROGRAMS);
  // the melody: a walk on the scale, note lengths of ½-2 beats starting on beats and half-beats
  const melody: [number, number, number][] = [];
  let degree = 7 + Math.floor(r() * 7);
  const pitchOf = (d: number) => {
    let p = 12 * Math.floor(d / 7) + scale[((d % 7) + 7) % 7] + tonic + 36;
    while (p < lo) p += 12;
    while (p > hi) p -= 12;
    return p;
  };
  for (let b = 0; b < beats;) {
    const len = Math.min(pick([0.5, 0.5, 1, 1, 1, 1.5, 2]), beats - b);
    melody.push([b, Math.max(0.25, len - 0.05), pitchOf(degree)]);
    degree += pick([-2, -1, -1, 0, 1, 1, 2, 3]);
    b += len;
  }
  // the chords: a progression of diatonic triads, one a bar (or a half bar at slow tempi)
  const chordBeats = bpm < 100 && meter === 4 ? 2 : meter;
  const texture = pick(['block', 'arpeggio', 'bass-chord'] as const);
  const accompaniment: [number, number, number[]][] = [];
  let root = 0;
  for (let b = 0; b < beats; b += chordBeats) {
    const triad = [0, 2, 4].map((k) => 48 + tonic + scale[(root + k) % 7] + 12 * Math.floor((root + k) / 7) - (tonic > 5 ? 12 : 0));
    const len = Math.min(chordBeats, beats - b);
    if (texture === 'block') accompaniment.push([b, len - 0.05, triad]);
    else if (texture === 'arpeggio') accompaniment.push(...arp(b, triad, Math.round(len * 2)));
    else for (let k = 0; k < len; k++) accompaniment.push(k === 0 ? [b, 0.9, [triad[0] - 12]] : [b + k, 0.9, triad.slice(1)]);
    root = pick([3, 4, 5, 1, 0]);
  }
  const drums = r() < 0.4 ? groove(beats) : undefined;
  const shape = pick(['crescendo', 'diminuendo', 'flat', 'swell'] as const);
  const dynamics = (b: number) => {
    const u = b / beats;
    return shape === 'crescendo' ? 0.35 + 0.65 * u : shape === 'diminuendo' ? 1 - 0.6 * u : shape === 'flat' ? 0.8 : 0.4 + 0.6 * Math.sin(Math.PI * u);
  };
  const key = keyLabel({ tonic, mode: minor ? 'minor' : 'major' });
  return { name: `random-${i}-${texture}${drums ? '-drums' : ''}`, bpm, key, meter, programs: { 0: lead, 1: accomp }, melody, accompaniment, drums, dynamics };
}

/**
 * The level rule of training/data/clips.py (normalise): RMS over the 100 ms frames above
 * −50 dBFS (the data config's silence_dbfs) brought to INTENSITY_REFERENCE_DB (−20 dBFS), peaks
 * kept under 0.99. The codec is judged on audio at the level it was trained on; raw renders at
 * -g 0.4 sit near −35 dBFS.
 */
function normalise(x: Float32Array): Float32Array {
  const frame = SR / 10;
  let sum = 0, n = 0;
  for (let f = 0; f + frame <= x.length; f += frame) {
    let ms = 0;
    for (let i = f; i < f + frame; i++) ms += x[i] * x[i];
    ms /= frame;
    if (10 * Math.log10(ms + 1e-12) > -50) { sum += ms; n++; }
  }
  if (!n) return x;
  let g = 10 ** ((INTENSITY_REFERENCE_DB - 10 * Math.log10(sum / n)) / 20);
  const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (peak * g > 0.99) g = 0.99 / peak;
  return x.map((v) => v * g);
}

function render(dir: string, name: string, midi: Uint8Array, seconds: number): void {
  const mid = join(dir, `${name}.mid`), raw = join(dir, `${name}.wav`);
  // sox -R: its dither (added when it mixes to mono) repeats, so a set renders the same samples each
  // time; with fresh dither (±8 LSB) the tracker's reading of a round trip moved by up to 0.02 (BEAT_BAR)
  writeFileSync(mid, midi);
  const cmd = `fluidsynth -ni -q -g 0.4 -r ${SR} -O s16 -T raw -F - ${SF2} ${mid} | sox -R -t raw -r ${SR} -e signed -b 16 -c 2 - -c 1 ${raw}`;
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name}: render failed: ${r.stderr}`);
  // every file exactly `seconds` long, whether fluidsynth stopped early or rendered a tail
  const x = new Float32Array(Math.round(seconds * SR));
  const y = decodeWav(readFileSync(raw)).channels[0];
  x.set(y.subarray(0, x.length));
  writeFileSync(join(OUT, `${name}.wav`), encodeWav([normalise(x)], SR, 'pcm16'));
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'undertone-pitch-'));
  try {
    const noteSet = WIDE ? wideNotes(Number(WIDE[1]), Number(WIDE[2])) : RANDOM_PHRASES ? [] : NOTES;
    const draw = RANDOM_PHRASES && mulberry32(Number(RANDOM_PHRASES[2]));
    const phraseSet = WIDE ? [] : draw ? Array.from({ length: Number(RANDOM_PHRASES[1]) }, (_, i) => randomPhrase(draw, i)) : PHRASES;
    const notes = noteSet.map(([program, instrument, pitch], i) => {
      const file = `note-${String(i).padStart(2, '0')}-${instrument}-${pitch}.wav`;
      // 0.9 beats at 60 BPM: the key is released 0.1 s before the end, as a played note would be
      const midi = writeMidi([{ beat: 0, beats: 0.9, key: pitch, velocity: 100, channel: 0 }], [{ beat: 0, bpm: 60 }], 4, { 0: program });
      render(dir, file.slice(0, -4), midi, NOTE_SECONDS);
      return { file, program, instrument, pitch, seconds: NOTE_SECONDS };
    });
    const phrases = phraseSet.map((p, i) => {
      const file = `phrase-${i}-${p.name}.wav`;
      // the melody stays louder than the chords at every moment, so it is the extractor's argmax
      const v = (top: number, beat: number) => Math.max(1, Math.round(top * p.dynamics(beat)));
      const events: MidiNote[] = [
        ...p.melody.map(([beat, beats, key]) => ({ beat, beats, key, velocity: v(115, beat), channel: 0 })),
        ...p.accompaniment.flatMap(([beat, beats, keys]) => keys.map((key) => ({ beat, beats, key, velocity: v(70, beat), channel: 1 }))),
        ...(p.drums ?? []).map(([beat, key]) => ({ beat, beats: 0.25, key, velocity: v(key === 42 ? 50 : 80, beat), channel: 9 })),
      ];
      const tempo = [{ beat: 0, bpm: p.bpm }];
      render(dir, file.slice(0, -4), writeMidi(events, tempo, p.meter ?? 4, p.programs), PHRASE_SECONDS);
      const at = (beat: number) => Math.round(beat * (60 / p.bpm) * 1e4) / 1e4;
      const beats = beatSeconds(tempo, Math.floor((PHRASE_SECONDS * p.bpm) / 60)).filter((t) => t < PHRASE_SECONDS - 0.01);
      return {
        file, seconds: PHRASE_SECONDS, bpm: p.bpm, meter: p.meter ?? 4, key: p.key,
        programs: { melody: p.programs[0], accompaniment: p.programs[1] }, drums: !!p.drums,
        beats: beats.map((t) => Math.round(t * 1e4) / 1e4),
        melody: p.melody.map(([beat, beats, pitch]) => ({ start: at(beat), end: at(beat + beats), pitch })),
        accompaniment: p.accompaniment.map(([beat, beats, pitches]) => ({ start: at(beat), end: at(beat + beats), pitches })),
      };
    });
    const json = {
      format: 'undertone-pitch-fixtures', version: 1,
      soundfont: process.env.PITCH_SF2 ?? 'TimGM6mb.sf2 (Debian timgm6mb-soundfont; held out: training renders with FluidR3_GM)',
      sampleRate: SR, script: 'scripts/make-pitch-fixtures.ts', notes, phrases,
    };
    writeFileSync(join(OUT, 'fixtures.json'), JSON.stringify(json, null, 1) + '\n');
    console.error(`wrote ${notes.length} notes and ${phrases.length} phrases to ${OUT}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
