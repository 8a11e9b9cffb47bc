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
import { scoreControls } from '../../src/engine/metrics/index.ts';
import { fullCases } from './cases.ts';
import { renderPlain } from './plain-chords.ts';
import { withMoodChords } from './run.ts';

const SR = 32000, rate = { sampleRate: SR, frameRate: 50 };
const groups = new Map<string, number[]>();
for (const c of fullCases().filter((x) => x.set === 'emotion')) {
  const lanes = process.argv.includes('--as-drawn') ? c.lanes : withMoodChords(c);
  const wav = renderPlain(lanes.harmony.chords, c.seconds, SR);
  const heard = extractControls(wav, rate);
  const s = scoreControls(encodeLanes(lanes, c.seconds, rate), heard.controls);
  const group = c.name.split('+')[0].replace('emotion/', '');
  groups.set(group, [...(groups.get(group) ?? []), s.valence.pcc]);
}
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
for (const [g, v] of groups) console.log(`${g.padEnd(20)} valence PCC ${mean(v).toFixed(2)}`);
console.log(`${'all 36'.padEnd(20)} valence PCC ${mean([...groups.values()].flat()).toFixed(2)}`);
