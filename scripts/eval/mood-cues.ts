/**
 * Why a take's mood reads as it does: the created emotion set (36 valence × arousal curves, 10 s)
 * generated as `npm run eval -- --sets emotion` makes it (the studio's path by default), each take's
 * heard valence and arousal taken apart into the engine's cues (controls/emotion.ts `emotionCues`:
 * mode, tempo, brightness for valence; loudness, tempo, onset density, brightness for arousal), and
 * for each cue its weighted term's PCC with the asked curve and its spread (SD over the take).
 * A cue that does not move (small SD) or moves the wrong way (negative PCC) is where the mood is lost.
 * Two more columns say whether the chords were the trouble: the planned chords heard (majmin
 * accuracy against the take's recognised chords) and the take's mode cue against the mode cue of the
 * same chords played plainly (plain-chords.ts; its PCC, and that cue's SD).
 *
 *   npx tsx scripts/eval/mood-cues.ts [--pack DIR] [--seeds 0] [--model-alone] [--critic S] [--critic-lanes L,M,H]
 *     [--plain]   (no model: the studio's lanes played plainly as chords, as mood-ceiling.ts does)
 */
import { SHIPPED_MUSIC_PACK } from '../../src/engine/pack/offer.ts';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { emotionCues, emotionTerms } from '../../src/engine/controls/emotion.ts';
import { analyse } from '../../src/engine/controls/features.ts';
import { extractFromFeatures } from '../../src/engine/controls/extract.ts';
import { onsetEnvelope } from '../../src/engine/controls/tempo.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { pcc } from '../../src/engine/metrics/correlation.ts';
import { askedChords, majminAccuracy } from '../../src/engine/metrics/index.ts';
import { fullCases } from './cases.ts';
import { renderPlain } from './plain-chords.ts';
import { finishTake, openEvalPack, samplingConfig, studioLanes, type EvalSampling } from './run.ts';

const args = process.argv.slice(2);
const opt = (name: string, d: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const packDir = opt('--pack', `public/models/${SHIPPED_MUSIC_PACK}`);
const seeds = opt('--seeds', '0').split(',').map(Number);
const studio = !args.includes('--model-alone');
const lanesArg = args.includes('--critic-lanes') ? opt('--critic-lanes', '1,1,1').split(',').map(Number) : null;
const sampling: EvalSampling = {
  moodChords: studio, moodDynamics: studio, levelFollow: studio,
  critic: args.includes('--critic') ? Number(opt('--critic', '0')) : undefined,
  criticLanes: lanesArg ? { level: lanesArg[0], melody: lanesArg[1], harmony: lanesArg[2] } : undefined,
};
const plain = args.includes('--plain');

const pack = plain ? null : await openEvalPack(packDir, sampling);
const rate = { sampleRate: 32000, frameRate: 50 };

type Stat = { pcc: number[]; sd: number[] };
const stats = new Map<string, Map<string, Stat>>();
const add = (group: string, key: string, p: number, sd: number) => {
  const g = stats.get(group) ?? new Map<string, Stat>();
  stats.set(group, g);
  const s = g.get(key) ?? { pcc: [], sd: [] };
  g.set(key, s);
  s.pcc.push(p); s.sd.push(sd);
};
const sdOf = (v: ArrayLike<number>) => {
  let m = 0; for (let i = 0; i < v.length; i++) m += v[i]; m /= v.length;
  let s = 0; for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return Math.sqrt(s / v.length);
};

for (const c of fullCases().filter((x) => x.set === 'emotion')) {
  const lanes = studioLanes(c, sampling);
  const controls = encodeLanes(lanes, c.seconds, rate);
  const frames = Math.ceil(c.seconds * rate.frameRate - 1e-9);
  // the plan played plainly: the same for every seed
  const plainWav = renderPlain(lanes.harmony.chords, c.seconds, rate.sampleRate);
  const fp = analyse(plainWav, rate);
  const plainMode = emotionCues(fp, [], onsetEnvelope(fp.onset, fp.onsetRate)).mode;
  for (const seed of plain ? [0] : seeds) {
    let wav = plainWav;
    if (pack) {
      const g = await generate({ manifest: pack.manifest, sessions: pack.sessions, critic: pack.critic, controls, video: null, start: 0, frames,
        config: { ...samplingConfig(sampling), seed } });
      wav = finishTake((await decodeTokens(pack.codec, pack.decoder, g.codes, g.frames)).subarray(0, c.seconds * rate.sampleRate), controls, rate.sampleRate, sampling);
    }
    const f = analyse(wav, rate);
    const x = extractFromFeatures(f, c.seconds);
    const cues = emotionCues(f, x.beats.map((b) => b.t), onsetEnvelope(f.onset, f.onsetRate));
    const chordAcc = lanes.harmony.chords.length ? majminAccuracy(askedChords(lanes.harmony, 0, c.seconds), x.chords).accuracy : NaN;
    const T = Math.min(frames, cues.frames);
    const askedV = new Float64Array(T), askedA = new Float64Array(T), heardV = new Float64Array(T), heardA = new Float64Array(T);
    const terms: Record<string, Float64Array> = {};
    for (let t = 0; t < T; t++) {
      askedV[t] = controls.emotion.values[t * 2]; askedA[t] = controls.emotion.values[t * 2 + 1];
      heardV[t] = x.controls.emotion.values[t * 2]; heardA[t] = x.controls.emotion.values[t * 2 + 1];
      const e = emotionTerms(cues, t);
      for (const [k, v] of Object.entries(e.valence)) (terms[`v.${k}`] ??= new Float64Array(T))[t] = v;
      for (const [k, v] of Object.entries(e.arousal)) (terms[`a.${k}`] ??= new Float64Array(T))[t] = v;
    }
    // the created report's groups: the ranges of the two curves (positive, negative, crossing), rising and falling pooled
    const group = c.name.replace('emotion/', '').split('+').map((p) => p.split('-').slice(2).join('-')).join(' / ');
    for (const g of [group, 'all']) {
      add(g, 'valence', pcc({ x: askedV, y: heardV }), sdOf(heardV));
      add(g, 'arousal', pcc({ x: askedA, y: heardA }), sdOf(heardA));
      // the take's mode cue against the planned chords' own, played plainly; and how many chords were heard as planned
      add(g, 'mode vs plain', pcc({ x: plainMode.subarray(0, T), y: cues.mode.subarray(0, T) }), sdOf(plainMode.subarray(0, T)));
      if (Number.isFinite(chordAcc)) add(g, 'chords', chordAcc, 0);
      for (const [k, v] of Object.entries(terms)) add(g, k, pcc({ x: k.startsWith('v.') ? askedV : askedA, y: v }), sdOf(v));
    }
  }
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const keys = ['chords', 'mode vs plain', 'valence', 'v.mode', 'v.tempo', 'v.brightness', 'arousal', 'a.loudness', 'a.tempo', 'a.density', 'a.brightness'];
console.log(`${plain ? 'chords played plainly' : `${packDir}, ${studio ? "the studio's path" : 'model alone'}, seeds ${seeds.join(',')}`}: PCC with the asked curve / SD of the term over the take (chords: the planned chords heard, majmin accuracy; mode vs plain: the take's mode cue against the plan's played plainly)`);
console.log(`| valence / arousal ranges | ${keys.join(' | ')} |`);
console.log(`|---|${keys.map(() => '---').join('|')}|`);
for (const [g, m] of stats) console.log(`| ${g} | ${keys.map((k) => { const s = m.get(k); return !s ? '—' : k === 'chords' ? `${(100 * mean(s.pcc)).toFixed(0)} %` : `${mean(s.pcc).toFixed(2)} / ${mean(s.sd).toFixed(2)}`; }).join(' | ')} |`);
