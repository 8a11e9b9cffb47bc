/**
 * The reference-track panel offers a recording's chords and key like the other lanes: a composer
 * render with known chords (test/fixtures/harmony/) through the extract worker's function and client and the
 * panel, as the page runs them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../src/engine/audio/wav.ts';
import { majminAccuracy } from '../../src/engine/harmony/accuracy.ts';
import { ReferenceTrackPanel } from '../../src/ui/reference/ReferenceTrackPanel.tsx';
import { previewOf } from '../../src/ui/reference/preview.ts';
import { WorkerClient } from '../../src/workers/client.ts';
import { extractReference } from '../../src/workers/extract.client.ts';
import { createExtractApi, type ExtractApi } from '../../src/workers/extract.handler.ts';
import { localWorker } from '../../src/workers/local.ts';

const DIR = fileURLToPath(new URL('../fixtures/harmony/', import.meta.url));
const FILE = 'piece-1-fluidr3-open.wav'; // Bb major: Gm Eb Bb F Gm Eb Bb
const set = JSON.parse(readFileSync(join(DIR, 'fixtures.json'), 'utf8')) as {
  sampleRate: number; fixtures: { file: string; key: string; chords: { start: number; end: number; label: string }[] }[];
};

/** The worker's real function behind the real client, in this thread. */
function worker(): WorkerClient<ExtractApi> {
  return new WorkerClient<ExtractApi>(() => localWorker(createExtractApi()), 'extraction');
}

describe('reference track → harmony lane', () => {
  it('offers the recording\'s key and chords with Take / Leave, spelled for the key', async () => {
    const truth = set.fixtures.find((f) => f.file === FILE)!;
    const audio = decodeWav(readFileSync(join(DIR, FILE))).channels[0];
    const p = await extractReference(audio, set.sampleRate, {}, worker());
    const lane = p.lanes.harmony;
    expect(lane.key).toBe('Bb major');
    expect(lane.chords.length).toBeGreaterThanOrEqual(5);
    expect(lane.chords.map((c) => c.label)).toContain('Eb'); // flats, as the key writes them (not D#)
    expect(majminAccuracy(truth.chords, lane.chords).accuracy).toBeGreaterThanOrEqual(0.85);
    const preview = previewOf('harmony', p.lanes, { width: 240, height: 36, duration: p.duration });
    expect(preview.kind).toBe('blocks');
    expect(preview.summary).toBe(`${lane.chords.length} chords in Bb major`);
    const html = renderToStaticMarkup(createElement(ReferenceTrackPanel, { onAccept: () => {}, onClose: () => {}, initial: p }));
    expect(html).toContain('data-testid="proposal-harmony"');
    expect(html).toContain('chords in Bb major');
  });
});
