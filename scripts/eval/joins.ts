/**
 * The joins of windowed continuation in `npm run eval` (issue 12; docs/evaluation.md "Joins"): a take
 * longer than the pack's window (`model.context_steps` − 3 frames) is written window by window, and
 * `generate` says where each later window's new frames begin. Each take's joins are measured by
 * metrics/joins.ts against control points of the same take; the run pools every take's joins and
 * controls. A take written in one window has none (null).
 */
import { joinSpreads, measureJoins, type JoinAudibility, type PointAudibility, type Spread } from '../../src/engine/metrics/joins.ts';

type Pair = { readonly levelJumpDb: Spread | null; readonly clickDb: Spread | null };

/** One take's joins: each measured join, those too near an end, and both sides' spreads. */
export interface TakeJoins {
  readonly joins: readonly PointAudibility[];
  readonly skipped: readonly number[];
  readonly spreads: { readonly joins: Pair; readonly controls: Pair };
}

/** Every take's joins and controls together. */
export interface PooledJoins {
  readonly takes: number;
  readonly skipped: number;
  readonly spreads: { readonly joins: Pair; readonly controls: Pair };
}

/** Measures a take's joins (frames from `generate`) and adds them to the pool; null without any inside the take. */
export function takeJoins(wav: Float32Array, sampleRate: number, frameRate: number, joinFrames: readonly number[], pool?: JoinPool): TakeJoins | null {
  const at = joinFrames.map((f) => f / frameRate).filter((t) => t < wav.length / sampleRate);
  if (!at.length) return null;
  const a = measureJoins(wav, sampleRate, at);
  pool?.add(a);
  return { joins: a.joins, skipped: a.skipped, spreads: joinSpreads(a) };
}

export class JoinPool {
  private readonly joins: PointAudibility[] = [];
  private readonly controls: PointAudibility[] = [];
  private takes = 0;
  private skipped = 0;

  add(a: JoinAudibility): void {
    this.takes++; this.skipped += a.skipped.length;
    this.joins.push(...a.joins); this.controls.push(...a.controls);
  }

  /** Null when no take had a join. */
  result(): PooledJoins | null {
    return this.takes ? { takes: this.takes, skipped: this.skipped, spreads: joinSpreads({ joins: this.joins, controls: this.controls }) } : null;
  }
}

const d = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
const upper = (s: Spread | null, top: 'max' | 'p95') => `${d(s?.median)} / ${d(s?.[top])}`;

/** The report's section: the pooled line and a row per take with joins. */
export function joinsMarkdown(rows: readonly { case: string; seed: number; joins: TakeJoins | null }[], pooled: PooledJoins | null,
  title = 'Joins (windowed continuation)'): string[] {
  const head = [`## ${title}`, ''];
  if (!pooled) return [...head, 'No take was longer than one window of the pack: no joins to measure.', ''];
  const p = pooled.spreads;
  const measured = p.joins.levelJumpDb?.n ?? 0;
  const line = measured
    ? `${measured} joins in ${pooled.takes} takes against ${p.controls.levelJumpDb?.n ?? 0} control points (every 0.37 s, ≥ 0.5 s from a join). `
      + `Level jump (200 ms either side): joins median / max ${upper(p.joins.levelJumpDb, 'max')} dB, controls median / p95 ${upper(p.controls.levelJumpDb, 'p95')} dB. `
      + `Click (> 4 kHz, 5 ms peak within ±10 ms over the ±0.5 s median): joins ${upper(p.joins.clickDb, 'max')} dB, controls ${upper(p.controls.clickDb, 'p95')} dB. `
      + 'A join is inaudible by these measures when its numbers lie inside the controls\' (docs/evaluation.md "Joins").'
    : `${pooled.takes} takes had joins, none measurable.`;
  const skipped = pooled.skipped ? ` ${pooled.skipped} joins lay within 0.2 s of a take's end and were not measured.` : '';
  const table = rows.filter((r) => r.joins?.joins.length).map((r) => {
    const s = r.joins!.spreads;
    return `| ${r.case} | ${r.seed} | ${r.joins!.joins.map((j) => j.t.toFixed(2)).join(', ')} | ${upper(s.joins.levelJumpDb, 'max')} | ${upper(s.controls.levelJumpDb, 'p95')} `
      + `| ${upper(s.joins.clickDb, 'max')} | ${upper(s.controls.clickDb, 'p95')} |`;
  });
  return [...head, line + skipped, '',
    ...(table.length ? ['| take | seed | joins at (s) | level jump dB, joins median / max | controls median / p95 | click dB, joins median / max | controls median / p95 |',
      '|---|---|---|---|---|---|---|', ...table, ''] : [])];
}
