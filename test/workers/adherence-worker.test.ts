/**
 * The extraction worker's `adherence` call behind the real client, served in this thread: a
 * drum pattern at 110 BPM stands for a take that starts at 2 s on the timeline; the rhythm lane
 * that asked for it scores high, one that asked for 80 BPM scores low, and both mark where they part.
 */
import { describe, expect, it } from 'vitest';
import { emptyLanes } from '../../src/engine/project/lanes.ts';
import type { Lanes } from '../../src/engine/project/types.ts';
import { WorkerClient } from '../../src/workers/client.ts';
import { takeAdherence } from '../../src/workers/extract.client.ts';
import { createExtractApi, type ExtractApi } from '../../src/workers/extract.handler.ts';
import { localWorker } from '../../src/workers/local.ts';
import { drumPattern, grid, SR } from '../controls/synth.ts';

const D = 10, START = 2;
// the take's own beats start at 0.5 s: 2.5 s on the timeline
const take = drumPattern(grid(() => 110, D, 4), D, 4);
const client = () => new WorkerClient<ExtractApi>(() => localWorker(createExtractApi()), 'extraction');

function rhythmAt(bpm: number): Lanes {
  const e = emptyLanes();
  return { ...e, rhythm: { ...e.rhythm, tempo: [{ t: 0, v: bpm }], beatsPerBar: 4, phase: START + 0.5 } };
}

describe('adherence in the extraction worker', () => {
  it('hears the take back, scores the rhythm asked, leaves the undrawn lanes free; the take keeps its samples', async () => {
    const stages: string[] = [];
    const a = await takeAdherence(take, SR, rhythmAt(110), START, { onProgress: (s) => stages.push(s) }, client());
    expect(take.length).toBe(D * SR); // copied, not transferred: the take still plays
    expect(stages).toEqual(['analysing', 'scoring']);
    expect(a.start).toBe(START);
    expect(a.seconds).toBeCloseTo(D, 1);
    const r = a.lanes.find((l) => l.lane === 'rhythm')!;
    expect(r.free).toBe(false);
    expect(r.scores[0].name).toBe('beat F1');
    expect(r.scores[0].value).toBeGreaterThan(0.9);
    // the asked beats are on the timeline: the first at 2.5 s
    expect(r.beats!.asked[0].t).toBeCloseTo(2.5, 2);
    expect(r.parted.reduce((s, p) => s + p.end - p.start, 0)).toBeLessThan(1.5);
    expect(a.lanes.filter((l) => l.free).map((l) => l.lane)).toEqual(['intensity', 'melody', 'harmony', 'valence', 'arousal']);
  });

  it('a tempo the take did not play scores low and parts over most of the take', async () => {
    const a = await takeAdherence(take, SR, rhythmAt(80), START, {}, client());
    const r = a.lanes.find((l) => l.lane === 'rhythm')!;
    expect(r.scores[0].value).toBeLessThan(0.6);
    expect(r.parted.reduce((s, p) => s + p.end - p.start, 0)).toBeGreaterThan(D / 2);
    // every span lies inside the take
    for (const p of r.parted) { expect(p.start).toBeGreaterThanOrEqual(START); expect(p.end).toBeLessThanOrEqual(START + D + 1e-9); }
  });
});
