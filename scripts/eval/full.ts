/**
 * The full created-controls protocol of `npm run eval` (paper App. D.3; docs/evaluation.md): all
 * 100 cases of created/sets.ts for 10 s × FULL_SEEDS through the shared loop (run.ts), reduced to
 * one row laid out like the paper's Table 9 — each set scores its own control: intensity PCC/CCC
 * on the intensity set, valence and arousal on the emotion set, melody accuracy on the melody
 * set, beat F1 on the rhythm set — then broken down within each set.
 * The run's first take of every case comes back too (`plotted`): scripts/eval.ts draws the PNG
 * sheets of asked against heard from them (plots.ts).
 */
import type { CurveScores } from '../../src/engine/metrics/index.ts';
import { FULL_SEEDS, fullCases, type EvalCase } from './cases.ts';
import { CREATED_SECONDS, type CreatedSet } from './created/sets.ts';
import { joinsMarkdown } from './joins.ts';
import { DEFAULT_REFERENCE, TINY_PACK_DIR, f2, latentSentence, runCases, runLabel, samplingNote, studioNote, type EvalRun, type EvalSampling, type Row } from './run.ts';

/** Table 9 of the paper (created controls): valence PCC/CCC, arousal PCC/CCC, melody %, intensity PCC/CCC, rhythm F1 %. */
export const PAPER_TABLE_9 = [
  { model: 'GVMGen† (paper)', valence: [0.19, 0.02], arousal: [0.37, 0.04], melody: 15.5, intensity: [0.26, 0.06], rhythm: 34.0 },
  { model: 'VidMuse† (paper)', valence: [0.16, 0.01], arousal: [0.27, 0.04], melody: 22.2, intensity: [0.66, 0.12], rhythm: 32.6 },
  { model: 'paper‡ (no two-stage training)', valence: [0.10, 0.02], arousal: [0.18, 0.01], melody: 36.1, intensity: [0.75, 0.23], rhythm: 45.4 },
  { model: 'paper (their best)', valence: [0.55, 0.07], arousal: [0.77, 0.12], melody: 41.2, intensity: [0.38, 0.08], rhythm: 42.2 },
] as const;
/** Our aim on created controls (issue 14). */
export const AIMS = { valencePcc: 0.85, arousalPcc: 0.85, melodyAccuracy: 0.65, intensityPcc: 0.9, beatF1: 0.8 } as const;

export interface FullOptions {
  /** Keep n cases of each set, spread over it (a smoke run); all by default. */
  readonly perSet?: number;
  /** Keep these sets only (a smoke run, e.g. the emotion set while a fine-tune for it trains). */
  readonly sets?: readonly CreatedSet[];
  readonly seeds?: readonly number[];
  readonly seconds?: number;
  readonly progress?: (done: number, total: number, row: Row) => void;
  readonly sampling?: EvalSampling;
}

/** Mean over the takes where the metric exists and is a number (NaN: nothing was evaluated). */
export function mean(values: readonly (number | null)[]): { mean: number | null; n: number } {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return { mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : null, n: v.length };
}
export const curveMean = (rows: readonly Row[], pick: (r: Row) => CurveScores | null) => ({
  pcc: mean(rows.map((r) => pick(r)?.pcc ?? null)).mean,
  ccc: mean(rows.map((r) => pick(r)?.ccc ?? null)).mean,
  rmse: mean(rows.map((r) => pick(r)?.rmse ?? null)).mean,
});

function summarise(rows: readonly Row[]) {
  const of = (set: string) => rows.filter((r) => r.set === set);
  const rhythm = of('rhythm'), melody = of('melody');
  return {
    intensity: curveMean(of('intensity'), (r) => r.intensity),
    valence: curveMean(of('emotion'), (r) => r.valence),
    arousal: curveMean(of('emotion'), (r) => r.arousal),
    melodyAccuracy: mean(melody.map((r) => r.melodyAccuracy)).mean,
    chordAccuracy: mean(melody.map((r) => r.chordAccuracy)).mean,
    beatF1: mean(rhythm.map((r) => r.beatF1)).mean,
    downbeatF1: mean(rhythm.map((r) => r.downbeatF1)).mean,
    cutsOnBeat: mean(rhythm.map((r) => r.cutsOnBeat)).mean,
    rtf: mean(rows.map((r) => r.rtf)).mean,
    takes: Object.fromEntries(['intensity', 'emotion', 'rhythm', 'melody'].map((s) => [s, of(s).length])),
  };
}

/** Rows of one set grouped by `key`, in first-seen order. */
function groups(rows: readonly Row[], set: string, key: (r: Row) => string): [string, Row[]][] {
  const out = new Map<string, Row[]>();
  for (const r of rows) if (r.set === set) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return [...out];
}
const stretch = (r: Row) => `× ${/-x([\d.]+)$/.exec(r.case)?.[1] ?? '?'}`;
const range = (r: Row) => /-(\d+db)$/.exec(r.case)?.[1] ?? '?';

export async function runFull(packDir = TINY_PACK_DIR, refDir = DEFAULT_REFERENCE, opts: FullOptions = {}) {
  const seconds = opts.seconds ?? CREATED_SECONDS;
  const seeds = opts.seeds ?? FULL_SEEDS;
  const cases = fullCases(opts.perSet ?? Infinity, seconds).filter((c) => !opts.sets || opts.sets.includes(c.set));
  const run = await runCases(cases, seeds, packDir, refDir, opts.progress, opts.sampling);
  // the protocol is complete with every case at 10 s and the fixed seeds; anything else says so
  const complete = cases.length === fullCases().length && seconds === CREATED_SECONDS && seeds.join() === FULL_SEEDS.join()
    && !samplingNote(opts.sampling);
  const built = buildReport(run, cases, seeds, seconds, complete);
  const report = { ...built, note: built.note + samplingNote(opts.sampling) + studioNote(opts.sampling), sampling: opts.sampling ?? null };
  return { report, md: markdown(report), plotted: run.plotted };
}

export function buildReport(run: EvalRun, cases: readonly EvalCase[], seeds: readonly number[], seconds: number, complete: boolean) {
  const summary = summarise(run.rows);
  const note = run.random
    ? 'The tiny random pack: these numbers are meaningless; they only prove the full protocol runs end to end.'
    : complete ? `Pack ${run.pack}: the full created-controls protocol.` : `Pack ${run.pack}: a subset of the protocol (${cases.length} cases), not comparable with a full run.`;
  const breakdown = {
    intensityByShape: groups(run.rows, 'intensity', (r) => r.group).map(([g, rs]) => ({ group: g, takes: rs.length, ...curveMean(rs, (r) => r.intensity) })),
    intensityByRange: groups(run.rows, 'intensity', range).map(([g, rs]) => ({ group: `±${g.replace('db', ' dB')}`, takes: rs.length, ...curveMean(rs, (r) => r.intensity) })),
    emotionByRanges: groups(run.rows, 'emotion', (r) => r.group).map(([g, rs]) => ({ group: g, takes: rs.length, valence: curveMean(rs, (r) => r.valence), arousal: curveMean(rs, (r) => r.arousal) })),
    rhythmByPreset: groups(run.rows, 'rhythm', (r) => r.group).map(([g, rs]) => ({ group: g, takes: rs.length, ...rhythmMeans(rs) })),
    rhythmByStretch: groups(run.rows, 'rhythm', stretch).map(([g, rs]) => ({ group: g, takes: rs.length, ...rhythmMeans(rs) })),
    melodyByTune: groups(run.rows, 'melody', (r) => r.group).map(([g, rs]) => ({
      group: g, takes: rs.length, melodyAccuracy: mean(rs.map((r) => r.melodyAccuracy)).mean, chordAccuracy: mean(rs.map((r) => r.chordAccuracy)).mean, beatF1: mean(rs.map((r) => r.beatF1)).mean,
    })),
  };
  return {
    pack: run.pack, mode: 'created', complete, note, seeds, seconds, cases: cases.length, date: run.date, machine: run.machine,
    summary, paper: PAPER_TABLE_9, aims: AIMS, breakdown, frechet: run.frechet, joins: run.joins, rows: run.rows,
  };
}

function rhythmMeans(rs: readonly Row[]) {
  return { beatF1: mean(rs.map((r) => r.beatF1)).mean, downbeatF1: mean(rs.map((r) => r.downbeatF1)).mean, cutsOnBeat: mean(rs.map((r) => r.cutsOnBeat)).mean };
}

type FullReport = ReturnType<typeof buildReport> & { readonly sampling?: EvalSampling | null };

const pct = (v: number | null) => (v === null ? '—' : (100 * v).toFixed(1));

export function markdown(r: FullReport): string {
  const s = r.summary, b = r.breakdown, a = r.aims;
  const paperRows = r.paper.map((p) => `| ${p.model} | ${p.valence[0].toFixed(2)} | ${p.valence[1].toFixed(2)} | ${p.arousal[0].toFixed(2)} | ${p.arousal[1].toFixed(2)} | ${p.melody.toFixed(1)} | ${p.intensity[0].toFixed(2)} | ${p.intensity[1].toFixed(2)} | ${p.rhythm.toFixed(1)} | — |`);
  const fr = r.frechet;
  return [
    `# Created controls — ${r.pack}`, '', `> ${r.note}`, '',
    `${r.date}; ${r.machine}. ${r.cases} cases × seeds ${r.seeds.join(', ')}, ${r.seconds} s each, no video. `
      + `Takes per set: ${Object.entries(s.takes).map(([k, n]) => `${k} ${n}`).join(', ')}. The sets and the metrics: docs/evaluation.md.`, '',
    '## Next to the paper\'s Table 9', '',
    'Each set scores its own control (the paper evaluates one control at a time): intensity on the 24 intensity curves, valence and arousal on the 36 emotion pairs, '
      + 'melody accuracy on the 20 melodies, beat F1 (±70 ms) on the 20 rhythm presets. Means over takes.', '',
    '| model | valence PCC | valence CCC | arousal PCC | arousal CCC | melody acc. % | intensity PCC | intensity CCC | rhythm (beat) F1 % | chord acc. % (ours) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...paperRows,
    `| **Undertone, ${runLabel(r.pack, r.sampling)}** | **${f2(s.valence.pcc)}** | ${f2(s.valence.ccc)} | **${f2(s.arousal.pcc)}** | ${f2(s.arousal.ccc)} | **${pct(s.melodyAccuracy)}** | **${f2(s.intensity.pcc)}** | ${f2(s.intensity.ccc)} | **${pct(s.beatF1)}** | ${pct(s.chordAccuracy)} |`,
    `| our aim | ≥ ${a.valencePcc} | | ≥ ${a.arousalPcc} | | ≥ ${100 * a.melodyAccuracy} | ≥ ${a.intensityPcc} | | ≥ ${100 * a.beatF1} | |`, '',
    `RMSE: intensity ${f2(s.intensity.rmse)} dB, valence ${f2(s.valence.rmse)}, arousal ${f2(s.arousal.rmse)}. Rhythm set: downbeat F1 ${pct(s.downbeatF1)} %, `
      + `cuts on beats ${f2(s.cutsOnBeat)} (a cut on every bar line). Mean × real time ${f2(s.rtf)}. `
      + `Fréchet distance (our own proxy, squared; ${fr.features.join(', ')}): ${fr.value.toFixed(2)} (${fr.generatedVectors} vectors against ${fr.referenceVectors}). `
      + latentSentence(fr.latents), '',
    'Not the paper\'s setting: they cross each case with 50 videos, we run each with fixed seeds and no video; their valence/arousal come from a trained recogniser, '
      + 'ours from the engine\'s documented estimator (docs/controls.md), their beats from madmom, ours from the engine\'s tracker. The curves asked and heard: the plots below.', '',
    '## Intensity, by shape', '', '| shape | takes | PCC | CCC | RMSE dB |', '|---|---|---|---|---|',
    ...b.intensityByShape.map((g) => `| ${g.group} | ${g.takes} | ${f2(g.pcc)} | ${f2(g.ccc)} | ${f2(g.rmse)} |`), '',
    '## Intensity, by range', '', '| range | takes | PCC | CCC | RMSE dB |', '|---|---|---|---|---|',
    ...b.intensityByRange.map((g) => `| ${g.group} | ${g.takes} | ${f2(g.pcc)} | ${f2(g.ccc)} | ${f2(g.rmse)} |`), '',
    '## Emotion, by ranges', '', '| ranges | takes | valence PCC / CCC / RMSE | arousal PCC / CCC / RMSE |', '|---|---|---|---|',
    ...b.emotionByRanges.map((g) => `| ${g.group} | ${g.takes} | ${f2(g.valence.pcc)} / ${f2(g.valence.ccc)} / ${f2(g.valence.rmse)} | ${f2(g.arousal.pcc)} / ${f2(g.arousal.ccc)} / ${f2(g.arousal.rmse)} |`), '',
    '## Rhythm, by preset and by stretch', '', '| preset or stretch | takes | beat F1 | downbeat F1 | cuts on beats |', '|---|---|---|---|---|',
    ...[...b.rhythmByPreset, ...b.rhythmByStretch].map((g) => `| ${g.group} | ${g.takes} | ${f2(g.beatF1)} | ${f2(g.downbeatF1)} | ${f2(g.cutsOnBeat)} |`), '',
    '## Melody, by tune', '', '| tune | takes | melody acc. | chord acc. | beat F1 |', '|---|---|---|---|---|',
    ...b.melodyByTune.map((g) => `| ${g.group} | ${g.takes} | ${f2(g.melodyAccuracy)} | ${f2(g.chordAccuracy)} | ${f2(g.beatF1)} |`), '',
    ...joinsMarkdown(r.rows, r.joins),
  ].join('\n');
}
