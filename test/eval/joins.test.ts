/**
 * The eval's joins (scripts/eval/joins.ts): a take's join frames → measured joins and the pool, the
 * report's section on made-up numbers, and the full mode's path on the tiny pack with takes longer
 * than its 3.94 s window.
 */
import { describe, expect, it } from 'vitest';
import { runFull } from '../../scripts/eval/full.ts';
import { JoinPool, joinsMarkdown, takeJoins, type TakeJoins } from '../../scripts/eval/joins.ts';

const SR = 32000;
/** 6 s of 440 Hz whose level doubles at 3 s (frame 150 at 50 frames/s). */
const stepped = Float32Array.from({ length: 6 * SR }, (_, i) => (i < 3 * SR ? 0.25 : 0.5) * Math.sin((2 * Math.PI * 440 * i) / SR));

describe('eval joins', () => {
  it('measures a take\'s join frames in seconds, drops those past its end, skips those at its edge, pools takes', () => {
    const pool = new JoinPool();
    expect(takeJoins(stepped, SR, 50, [], pool)).toBeNull();
    expect(takeJoins(stepped, SR, 50, [300, 400], pool)).toBeNull(); // 6 s and 8 s: past the take
    const t = takeJoins(stepped, SR, 50, [150, 295, 400], pool)!;
    expect(t.joins.map((j) => j.t)).toEqual([3]);
    expect(t.skipped).toEqual([5.9]);
    expect(t.joins[0].levelJumpDb).toBeCloseTo(6.02, 2);
    expect(t.spreads.controls.levelJumpDb!.max).toBeLessThan(0.01);
    // 0.37 s steps to 5.55 s, less those within 0.5 s of 3 s and of 5.9 s (a join too near the end is still no control)
    expect(t.spreads.controls.levelJumpDb!.n).toBe(11);
    takeJoins(stepped, SR, 50, [150], pool);
    const p = pool.result()!;
    expect([p.takes, p.skipped, p.spreads.joins.levelJumpDb!.n, p.spreads.controls.levelJumpDb!.n]).toEqual([2, 1, 2, 11 + 12]);
    expect(new JoinPool().result()).toBeNull();
  });

  it('writes the pooled line and a row per take with joins', () => {
    const s = (median: number, p95: number, max: number) => ({ n: 2, median, p95, max });
    const take: TakeJoins = {
      joins: [{ t: 3.94, levelJumpDb: 1.25, clickDb: 4 }, { t: 6.34, levelJumpDb: 0.75, clickDb: 2 }], skipped: [],
      spreads: { joins: { levelJumpDb: s(1, 1.2, 1.25), clickDb: s(3, 3.9, 4) }, controls: { levelJumpDb: s(0.5, 2.04, 2.5), clickDb: s(1.5, 6, 7) } },
    };
    const md = joinsMarkdown([{ case: 'a', seed: 0, joins: take }, { case: 'b', seed: 1, joins: null }],
      { takes: 1, skipped: 1, spreads: take.spreads }).join('\n');
    expect(md).toContain('| a | 0 | 3.94, 6.34 | 1.0 / 1.3 | 0.5 / 2.0 | 3.0 / 4.0 | 1.5 / 6.0 |');
    expect(md).not.toContain('| b |');
    expect(md).toContain('joins median / max 1.0 / 1.3 dB, controls median / p95 0.5 / 2.0 dB');
    expect(md).toContain('1 joins lay within 0.2 s of a take\'s end');
    expect(joinsMarkdown([], null).join('\n')).toContain('no joins to measure');
  });

  it('reports the joins of 5 s takes on the tiny pack (window 197 frames: one join at 3.94 s)', async () => {
    const { report, md } = await runFull(undefined, undefined, { perSet: 1, seeds: [0], seconds: 5 });
    expect(report.rows).toHaveLength(4);
    for (const r of report.rows) {
      expect(r.joins!.joins.map((j) => j.t)).toEqual([3.94]);
      // controls at 0.37 s steps: 0.37-3.33 s and 4.44 s (exactly 0.5 s after the join); 4.81 s + 0.2 s leaves the take
      expect(r.joins!.spreads.controls.levelJumpDb!.n).toBe(10);
      for (const j of r.joins!.joins) { expect(j.levelJumpDb).toBeGreaterThanOrEqual(0); expect(Number.isFinite(j.clickDb)).toBe(true); }
    }
    expect(report.joins!.takes).toBe(4);
    expect(report.joins!.spreads.joins.levelJumpDb!.n).toBe(4);
    expect(md).toContain('## Joins (windowed continuation)');
    expect(md).toContain('4 joins in 4 takes against 40 control points');
  });
});
