/**
 * npx tsx scripts/eval/section-joins.ts [--pack DIR] [--per-set N] [--seeds 0,1] [--span 3.13,6.71] [--fade S] [--out DIR]
 *
 * Are the joins of a regenerated section audible (issue 13; docs/evaluation.md "Section joins")?
 * The studio's path, in Node on the engine's loop: a 10 s take of a created case, then the span
 * written anew from the take's own codes before it (the prompt) with another seed, its audio
 * decoded with the codes before it as the codec's context and spliced in with the studio's
 * equal-power crossfades (engine/generate/section.ts, SECTION_FADE_SECONDS). Both joins of each
 * spliced take are measured by metrics/joins.ts against control points of the same take; every
 * take's joins and controls are pooled → eval/results/<pack-id>/section-joins.md and .json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { decodeTokens } from '../../src/engine/generate/audio.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { SECTION_FADE_SECONDS, codeFrames, sectionFrames, spliceAudio, spliceCodes } from '../../src/engine/generate/section.ts';
import { loadMusicPack } from '../../src/engine/pack/load.ts';
import { SHIPPED_MUSIC_PACK } from '../../src/engine/pack/offer.ts';
import { folderReader, nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { fullCases } from './cases.ts';
import { JoinPool, joinsMarkdown, takeJoins, type TakeJoins } from './joins.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const packDir = resolve(opt('--pack', join(ROOT, 'public/models', SHIPPED_MUSIC_PACK)));
const perSet = Number(opt('--per-set', '3'));
const seeds = opt('--seeds', '0,1').split(',').map(Number);
// off the beat grid of the created cases' tempi (3.0 and 6.5 s fall on beats at 120 BPM, where an
// onset of the music itself reads as a click)
const [spanStart, spanEnd] = opt('--span', '3.13,6.71').split(',').map(Number);
const fade = Number(opt('--fade', String(SECTION_FADE_SECONDS))); // another crossfade than the studio's, to compare
if (!(perSet >= 1) || seeds.some((s) => !Number.isInteger(s)) || !(spanStart >= 0 && spanEnd > spanStart)) {
  console.error('section-joins: --per-set takes a count ≥ 1, --seeds integers (0,1), --span start,end in seconds');
  process.exit(2);
}

const folder = basename(packDir);
const pack = await loadMusicPack(folderReader(resolve(ROOT, 'public/models'), { [folder]: packDir }), nodeSessionOpener(1), folder, 'wasm');
const m = pack.manifest, sr = m.tokens.sample_rate, fr = m.tokens.frame_rate, hop = sr / fr;
const cases = fullCases(perSet);
const pool = new JoinPool();
const rows: { case: string; seed: number; joins: TakeJoins | null; outsideChanged: number }[] = [];
const t0 = performance.now();
for (const c of cases) {
  const controls = encodeLanes(c.lanes, c.seconds, { sampleRate: sr, frameRate: fr });
  const N = Math.ceil(c.seconds * fr - 1e-9);
  for (const seed of seeds) {
    const take = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, controls, video: null, start: 0, frames: N, config: { seed } });
    const K = take.codes.length / take.frames;
    const audio = await decodeTokens(pack.codec, pack.decoder, take.codes, take.frames);
    const f = sectionFrames({ start: spanStart, end: spanEnd }, 0, take.frames, fr)!;
    // another seed for the section, as a person asking for another version of the span would
    const s = await generate({ manifest: m, sessions: pack.sessions, critic: pack.critic, controls, video: null, start: f.first, frames: f.end - f.first,
      prompt: { codes: codeFrames(take.codes, K, 0, f.first), frames: f.first }, config: { seed: seed + 1000 } });
    // the section's audio with the codes before it as the codec's context (the worker re-reads the prompt's tail)
    const spliced = spliceCodes(take.codes, s.codes, K, f.first);
    const whole = await decodeTokens(pack.codec, pack.decoder, codeFrames(spliced, K, 0, f.end), f.end);
    const section = whole.subarray(f.first * hop, f.end * hop);
    const out = spliceAudio(audio, section, f.first * hop, fade * sr);
    let outsideChanged = 0;
    for (let i = 0; i < out.length; i++) if ((i < f.first * hop || i >= f.end * hop) && out[i] !== audio[i]) outsideChanged++;
    rows.push({ case: c.name, seed, joins: takeJoins(out, sr, fr, [f.first, f.end], pool), outsideChanged });
    process.stderr.write(`\r${rows.length}/${cases.length * seeds.length} ${c.name} seed ${seed}\x1b[K`);
  }
}
process.stderr.write('\n');
const pooled = pool.result();
const cpus = os.cpus();
const report = {
  pack: m.name, date: new Date().toISOString(), machine: `${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, node ${process.version}, onnxruntime-node 1 thread, WASM variants`,
  span: [spanStart, spanEnd], fadeSeconds: fade, seeds, cases: cases.length, pooled, rows,
};
const md = [
  `# Section joins — ${m.name}`, '',
  `${report.date}; ${report.machine}. ${cases.length} created cases (${perSet} of each set) × seeds ${seeds.join(', ')}: a 10 s take, then the span `
    + `${spanStart}-${spanEnd} s written anew (seed + 1000) from the take's codes before it and spliced in with ${fade * 1000} ms equal-power `
    + `crossfades inside the span, as the studio does${fade === SECTION_FADE_SECONDS ? '' : ` (the studio's: ${SECTION_FADE_SECONDS * 1000} ms)`}`
    + ' (docs/evaluation.md "Section joins"). Samples outside the span changed: '
    + `${rows.reduce((a, r) => a + r.outsideChanged, 0)} in all.`, '',
  ...joinsMarkdown(rows, pooled, 'Joins (the span\'s two ends)'),
  `Ran in ${((performance.now() - t0) / 1000).toFixed(0)} s.`, '',
].join('\n');
const dir = args.includes('--out') ? resolve(opt('--out', '')) : resolve(ROOT, 'eval/results', m.name);
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'section-joins.json'), `${JSON.stringify(report, null, 1)}\n`);
await writeFile(join(dir, 'section-joins.md'), md);
console.log(md);
