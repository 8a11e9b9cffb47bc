/**
 * npm run eval [-- --quick] [--pack DIR] [--reference DIR] [--per-set N] [--sets emotion,…] [--seeds 0,1,2] [--seconds S] — issue 14's
 * evaluation harness (docs/evaluation.md).
 * - Full (default): the created-controls protocol of the paper's App. D.3 (scripts/eval/full.ts:
 *   24 intensity + 36 emotion + 20 rhythm + 20 melody cases, 10 s, seeds 0, 1, 2) →
 *   eval/results/<pack-id>/created.md and created.json. `--per-set N` runs N cases of each set only
 *   (a smoke run), `--seeds` other seeds, `--seconds` another length (longer takes have more joins);
 *   any of them makes the report say it is not the full protocol.
 * - `--quick`: one case of each set, 4 s, seeds 0 and 1 → quick.md and quick.json, in seconds.
 * - `--extracted [--clips DIR] [--videos DIR] [--n N] [--seeds …] [--seconds S]`: the paper's Table 2 —
 *   held-out clips' extracted controls and their videos (scripts/eval/extracted.ts) → extracted.md/json.
 * Both draw each case's first take, asked vs heard, as PNG sheets in plots/ (scripts/eval/plots.ts).
 * Every mode measures the joins of takes longer than one window of the pack (scripts/eval/joins.ts).
 * `--mood-chords` sends the lanes as Generate does by default (chords from the mood where valence is drawn
 * over an open harmony lane); `--level-follow` adds the studio's level stage after the codec.
 * `--guidance G` and `--temperature T` sample otherwise than the pack's defaults, `--codec DIR` decodes
 * with another codec pack of the same tokens (a new decoder) (a sweep; the report says so and is not
 * the full protocol); `--out DIR` writes there instead of eval/results/<pack-id>/.
 * The default pack is the tiny random one (test/fixtures/music/tiny-pack), whose numbers mean
 * nothing; the default reference for the Fréchet distance is test/fixtures/harmony's WAVs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkLevelSearch } from '../src/engine/generate/level-search.ts';
import { runExtracted } from './eval/extracted.ts';
import { runFull } from './eval/full.ts';
import { CREATED_SETS, type CreatedSet } from './eval/created/sets.ts';
import { planSheets, plotsMarkdown } from './eval/plots.ts';
import { writeSheets } from './eval/png.ts';
import { DEFAULT_REFERENCE, TINY_PACK_DIR, runQuick } from './eval/quick.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const pack = resolve(opt('--pack', TINY_PACK_DIR)), reference = resolve(opt('--reference', DEFAULT_REFERENCE));
const num = (name: string) => (args.includes(name) ? Number(opt(name, '')) : undefined);
/** --critic-lanes L,M,H: the critic's weights for level, melody and harmony. */
function criticLanes() {
  if (!args.includes('--critic-lanes')) return undefined;
  const [level, melody, harmony, codebooks] = opt('--critic-lanes', '').split(',').map(Number);
  if (![level, melody, harmony].every((v) => v >= 0)) { console.error('npm run eval: --critic-lanes takes three weights ≥ 0 and a codebook count: level,melody,harmony[,codebooks]'); process.exit(2); }
  return { level, melody, harmony, ...(codebooks ? { codebooks } : {}) };
}
/** --critic-hold G[,S]: the critic's level hold (critic.ts) and its memory in seconds. */
function criticHold() {
  if (!args.includes('--critic-hold')) return undefined;
  const [levelHold, levelHoldS] = opt('--critic-hold', '').split(',').map(Number);
  if (!(levelHold >= 0) || (levelHoldS !== undefined && !(levelHoldS > 0))) { console.error('npm run eval: --critic-hold takes a gain ≥ 0 and a memory in seconds > 0: G[,S]'); process.exit(2); }
  return { levelHold, ...(levelHoldS ? { levelHoldS } : {}) };
}
const lanes = criticLanes(), hold = criticHold();
/** --level-search N[,C[,M[,W[,V[,L]]]]]: N candidates per chunk of C s (default 0.5), the heard level over M s (default 1) against the lane, the level's spread W (default 1), the valence lane's weight V (default 0), the melody lane's weight L (default 0) (generate/level-search.ts). */
function levelSearch() {
  if (!args.includes('--level-search')) return undefined;
  const [candidates, chunkS, memoryS, spread, valence, melody] = opt('--level-search', '').split(',').map(Number);
  const s = { candidates, ...(chunkS ? { chunkS } : {}), ...(memoryS ? { memoryS } : {}),
    ...(spread !== undefined && !Number.isNaN(spread) ? { spread } : {}), ...(valence ? { valence } : {}), ...(melody ? { melody } : {}) };
  // a bad setting is said before any pack is opened, as the other flags' are
  try { checkLevelSearch(s); } catch (e) { console.error(`npm run eval: --level-search: ${(e as Error).message}`); process.exit(2); }
  return s;
}
/** --critic-rhythm W: the weight of the critic's onset term, for a codec whose critic has one. */
const rhythm = args.includes('--critic-rhythm') ? { rhythm: Number(opt('--critic-rhythm', '')) } : undefined;
if (rhythm && !(rhythm.rhythm >= 0)) { console.error('npm run eval: --critic-rhythm takes a weight ≥ 0'); process.exit(2); }
const sampling = { guidanceScale: num('--guidance'), temperature: num('--temperature'), harmonyGuidance: num('--harmony-guidance'), codec: args.includes('--codec') ? opt('--codec', '') : undefined,
  critic: num('--critic'), criticLanes: lanes || hold || rhythm ? { ...lanes, ...hold, ...rhythm } : undefined, primeSeconds: num('--prime'), levelSearch: levelSearch(),
  moodChords: args.includes('--mood-chords') || undefined, moodDynamics: args.includes('--mood-dynamics') || undefined, levelFollow: args.includes('--level-follow') || undefined };
if ([sampling.guidanceScale, sampling.temperature, sampling.harmonyGuidance, sampling.critic, sampling.primeSeconds].some((v) => v !== undefined && !(v >= 0))) {
  console.error('npm run eval: --guidance, --temperature, --harmony-guidance, --critic and --prime take a number ≥ 0');
  process.exit(2);
}
const t0 = performance.now();
let out: Awaited<ReturnType<typeof runQuick>> | Awaited<ReturnType<typeof runFull>> | Awaited<ReturnType<typeof runExtracted>>;
let name: 'quick' | 'created' | 'extracted';
if (args.includes('--quick')) {
  out = await runQuick(pack, reference);
  name = 'quick';
} else if (args.includes('--extracted')) {
  const n = args.includes('--n') ? Number(opt('--n', '')) : undefined;
  const seeds = args.includes('--seeds') ? opt('--seeds', '').split(',').map(Number) : undefined;
  const seconds = args.includes('--seconds') ? Number(opt('--seconds', '')) : undefined;
  if ((n !== undefined && !(n >= 1)) || seeds?.some((s) => !Number.isInteger(s)) || (seconds !== undefined && !(seconds > 0))) {
    console.error('npm run eval --extracted: --n takes a count ≥ 1, --seeds a list of integers (0,1,2), --seconds a positive number');
    process.exit(2);
  }
  out = await runExtracted(pack, {
    clips: args.includes('--clips') ? opt('--clips', '') : undefined, videos: args.includes('--videos') ? opt('--videos', '') : undefined,
    n, seeds, seconds, sampling,
    progress: (done, total, row) => process.stderr.write(`\r${done}/${total} ${row.case} seed ${row.seed} (${row.rtf.toFixed(2)}× real time)\x1b[K`),
  });
  process.stderr.write('\n');
  name = 'extracted';
} else {
  const perSet = args.includes('--per-set') ? Number(opt('--per-set', '')) : undefined;
  const seeds = args.includes('--seeds') ? opt('--seeds', '').split(',').map(Number) : undefined;
  const seconds = args.includes('--seconds') ? Number(opt('--seconds', '')) : undefined;
  const sets = args.includes('--sets') ? opt('--sets', '').split(',') : undefined;
  if ((perSet !== undefined && !(perSet >= 1)) || seeds?.some((s) => !Number.isInteger(s)) || (seconds !== undefined && !(seconds > 0))
    || sets?.some((s) => !(CREATED_SETS as readonly string[]).includes(s))) {
    console.error(`npm run eval: --per-set takes a count ≥ 1, --seeds a list of integers (0,1,2), --seconds a positive number, --sets some of ${CREATED_SETS.join(',')}`);
    process.exit(2);
  }
  out = await runFull(pack, reference, {
    perSet, seeds, seconds, sampling, sets: sets as CreatedSet[] | undefined,
    progress: (done, total, row) => process.stderr.write(`\r${done}/${total} ${row.case} seed ${row.seed} (${row.rtf.toFixed(2)}× real time)\x1b[K`),
  });
  process.stderr.write('\n');
  name = 'created';
}
const dir = args.includes('--out') ? resolve(opt('--out', '')) : resolve(import.meta.dirname, '..', 'eval/results', out.report.pack);
await mkdir(dir, { recursive: true });
// the plots: each case's first take, asked vs heard, as PNG sheets under plots/ (png.ts)
const plots = join(dir, 'plots');
await mkdir(plots, { recursive: true });
// the extracted mode asks for the clip's own curves, not lanes: no asked-vs-heard sheets (its table has every take)
let md = out.md;
if (name !== 'extracted') {
  const sheets = planSheets(name, out.report.pack, out.plotted);
  const drawn = await writeSheets(sheets.map((s) => ({ file: join(plots, s.name), svg: s.svg })));
  md = `${out.md}\n${plotsMarkdown(drawn.files.map((f) => f.slice(plots.length + 1)), drawn.fallback)}`;
}
await writeFile(join(dir, `${name}.json`), `${JSON.stringify(out.report, null, 1)}\n`);
await writeFile(join(dir, `${name}.md`), md);
console.log(md);
console.log(`wrote ${join(dir, `${name}.md`)} and ${name}.json in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
