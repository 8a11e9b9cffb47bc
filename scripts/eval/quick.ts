/**
 * The quick mode of `npm run eval` (issue 14; docs/evaluation.md): one case of each created-control
 * set (cases.ts, QUICK_CASE_NAMES) for 4 s × the seeds 0 and 1, through the shared loop (run.ts).
 * A smoke test that runs in CI on the tiny random pack in seconds. Returns the JSON report and its
 * markdown; scripts/eval.ts writes them.
 */
import { QUICK_SEEDS, quickCases } from './cases.ts';
import { joinsMarkdown } from './joins.ts';
import { DEFAULT_REFERENCE, PAPER_AND_AIM, TINY_PACK_DIR, curveCell, f2, latentSentence, runCases } from './run.ts';

export { DEFAULT_REFERENCE, TINY_PACK_DIR } from './run.ts';

export async function runQuick(packDir = TINY_PACK_DIR, refDir = DEFAULT_REFERENCE) {
  const cases = quickCases();
  const run = await runCases(cases, QUICK_SEEDS, packDir, refDir);
  const note = run.random
    ? 'The tiny random pack: these numbers are meaningless; the quick mode only proves the harness runs end to end.'
    : `Pack ${run.pack}, quick mode: ${cases.length} cases × ${QUICK_SEEDS.length} seeds, a few seconds each — a smoke test, not the full protocol.`;
  const report = { pack: run.pack, mode: 'quick', note, seeds: QUICK_SEEDS, date: run.date, machine: run.machine, frechet: run.frechet, joins: run.joins, rows: run.rows };
  const fr = run.frechet;
  const md = [
    `# Evaluation, quick mode — ${run.pack}`, '', `> ${note}`, '',
    `${report.date}; ${report.machine}. Seeds ${QUICK_SEEDS.join(', ')}. One case of each created-control set (docs/evaluation.md). Metrics: docs/evaluation.md (beats ±70 ms, cuts ±0.1 s).`, '',
    '| case | seed | intensity PCC / CCC / RMSE dB | valence PCC / CCC / RMSE | arousal PCC / CCC / RMSE | melody acc. | chord acc. | beat F1 | cuts on beats | × real time |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...report.rows.map((r) => `| ${r.case} | ${r.seed} | ${curveCell(r.intensity)} | ${curveCell(r.valence)} | ${curveCell(r.arousal)} | ${f2(r.melodyAccuracy)} | ${f2(r.chordAccuracy)} | ${f2(r.beatF1)} | ${f2(r.cutsOnBeat)} | ${f2(r.rtf)} |`),
    '', `Fréchet distance (our own proxy, squared; per-second features: ${fr.features.join(', ')}): **${fr.value.toFixed(2)}** — `
      + `${fr.generatedVectors} generated vectors against ${fr.referenceVectors} from ${fr.reference.join(', ')}.`, '',
    latentSentence(fr.latents), '',
    PAPER_AND_AIM, '',
    ...joinsMarkdown(report.rows, report.joins),
  ].join('\n');
  return { report, md, plotted: run.plotted };
}
