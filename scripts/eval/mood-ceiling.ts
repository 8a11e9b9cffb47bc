/**
 * What the planner's chords can say of a mood, without the music model: every case of the created
 * emotion set (36 valence × arousal curves, 10 s) through "Chords from the mood" (run.ts
 * withMoodChords), the chords played plainly (each tone with three overtones, the root an
 * octave below, no drums), valence read back by the engine and scored like a take
 * (docs/harmony-planner.md "Mood regions").
 *
 *   npx tsx scripts/eval/mood-ceiling.ts [--as-drawn]   (--as-drawn: the lanes without proposed chords)
 */
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { chordTones, parseChord } from '../../src/engine/harmony/symbols.ts';
import { scoreControls } from '../../src/engine/metrics/index.ts';
import { fullCases } from './cases.ts';
import { withMoodChords } from './run.ts';

const SR = 32000, rate = { sampleRate: SR, frameRate: 50 };
const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);
const groups = new Map<string, number[]>();
for (const c of fullCases().filter((x) => x.set === 'emotion')) {
  const lanes = process.argv.includes('--as-drawn') ? c.lanes : withMoodChords(c);
  const wav = new Float32Array(c.seconds * SR);
  for (const block of lanes.harmony.chords) {
    const chord = parseChord(block.label);
    if (!chord) continue;
    // close position above the root in the octave from C3, and the root in the bass
    const notes = [36 + chord.root, ...chordTones(chord).map((pc) => 48 + chord.root + ((pc - chord.root + 12) % 12))];
    for (const midi of notes) {
      const f = hz(midi);
      for (let i = Math.floor(block.start * SR); i < Math.min(wav.length, block.end * SR); i++) {
        const t = i / SR, env = Math.min(1, (t - block.start) * 20, (block.end - t) * 20);
        for (let h = 1; h <= 4; h++) wav[i] += (0.03 / h) * env * Math.sin(2 * Math.PI * f * h * t);
      }
    }
  }
  const heard = extractControls(wav, rate);
  const s = scoreControls(encodeLanes(lanes, c.seconds, rate), heard.controls);
  const group = c.name.split('+')[0].replace('emotion/', '');
  groups.set(group, [...(groups.get(group) ?? []), s.valence.pcc]);
}
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
for (const [g, v] of groups) console.log(`${g.padEnd(20)} valence PCC ${mean(v).toFixed(2)}`);
console.log(`${'all 36'.padEnd(20)} valence PCC ${mean([...groups.values()].flat()).toFixed(2)}`);
