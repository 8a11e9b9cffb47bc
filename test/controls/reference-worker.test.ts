import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { resample } from '../../src/engine/audio/resample.ts';
import { ReferenceTrackPanel } from '../../src/ui/reference/ReferenceTrackPanel.tsx';
import { previewOf } from '../../src/ui/reference/preview.ts';
import { WorkerClient } from '../../src/workers/client.ts';
import { extractReference } from '../../src/workers/extract.client.ts';
import { createExtractApi, type ExtractApi } from '../../src/workers/extract.handler.ts';
import type { ReferenceProposal } from '../../src/workers/extract.protocol.ts';
import { localWorker } from '../../src/workers/local.ts';
import { drumPattern, grid, SR } from './synth.ts';

/** The worker's real function behind the real client, in this thread, as the page would see a worker. */
function fakeWorker(): { client: WorkerClient<ExtractApi>; port: ReturnType<typeof localWorker> } {
  const port = localWorker(createExtractApi());
  return { client: new WorkerClient<ExtractApi>(() => port, 'extraction'), port };
}

const D = 12;
const truth = grid(() => 110, D, 4);
const at48k = () => resample(drumPattern(truth, D, 4), SR, 48000);

describe('extract worker protocol', () => {
  it('resamples, extracts and proposes lanes, reporting each stage', async () => {
    const { client } = fakeWorker();
    const stages: string[] = [];
    const p = await extractReference(at48k(), 48000, { onProgress: (s) => stages.push(s) }, client);
    expect(p.duration).toBeCloseTo(D, 2);
    expect(p.bpm).toBeCloseTo(110, 0);
    expect(p.beatsPerBar).toBe(4);
    expect(p.lanes.rhythm.tempo.length).toBeGreaterThan(0);
    expect(p.lanes.intensity.points.length).toBeGreaterThan(0);
    expect(new Set(stages)).toEqual(new Set(['resampling', 'analysing', 'proposing']));
  });

  it('a cancelled run rejects at once and posts nothing after "cancelled"', async () => {
    const { client, port } = fakeWorker();
    const ctrl = new AbortController();
    const run = extractReference(at48k(), 48000, { signal: ctrl.signal, onProgress: () => ctrl.abort() }, client);
    await expect(run).rejects.toThrow(/abort/i);
    // the worker answers at its next check (a resampling chunk later: slow on a loaded machine), then nothing more
    for (let i = 0; i < 200 && !port.seen.some((m) => m.type === 'cancelled'); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 50));
    const types = port.seen.map((m) => m.type);
    expect(types).toContain('cancelled');
    expect(types.slice(types.indexOf('cancelled') + 1)).toEqual([]);
    expect(types).not.toContain('result');
  });

  it('reports unusable input as an error message', async () => {
    const { client } = fakeWorker();
    await expect(extractReference(new Float32Array(0), 44100, {}, client)).rejects.toThrow(/no audio/);
  });
});

describe('reference track panel', () => {
  const proposal = async (): Promise<ReferenceProposal> => extractReference(at48k(), 48000, {}, fakeWorker().client);

  it('previews every lane with a summary a person can read', async () => {
    const p = await proposal();
    const box = { width: 240, height: 36, duration: p.duration };
    const rhythm = previewOf('rhythm', p.lanes, box);
    expect(rhythm.kind).toBe('rhythm');
    expect(rhythm.summary).toMatch(/^11\d BPM, 4\/4, \d+ beats$/);
    if (rhythm.kind === 'rhythm') expect(rhythm.ticks.filter((t) => t.downbeat).length).toBeGreaterThanOrEqual(5);
    expect(previewOf('intensity', p.lanes, box).summary).toMatch(/points, -?\d+(\.\d)? to -?\d+(\.\d)? dB$/);
    const empty = previewOf('melody', { ...p.lanes, melody: { kind: 'melody', notes: [], free: [] } }, box);
    expect(empty).toEqual({ kind: 'empty', summary: 'no melody found' });
  });

  it('renders Take / Leave per lane for a proposal', async () => {
    const html = renderToStaticMarkup(createElement(ReferenceTrackPanel, { onAccept: () => {}, onClose: () => {}, initial: await proposal() }));
    for (const id of ['rhythm', 'intensity', 'melody', 'valence', 'arousal']) expect(html).toContain(`data-testid="proposal-${id}"`);
    expect(html.match(/>Take</g)?.length).toBe(6);
    expect(html.match(/>Leave</g)?.length).toBe(6);
    expect(html).toMatch(/about 110 BPM in 4/);
  });

  it('starts with a drop zone and a file picker', () => {
    const html = renderToStaticMarkup(createElement(ReferenceTrackPanel, { onAccept: () => {}, onClose: () => {} }));
    expect(html).toContain('Drop an audio file here');
    expect(html).toContain('type="file"');
  });
});
