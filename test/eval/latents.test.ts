/**
 * The codec-latent features of `npm run eval` (scripts/eval/latents.ts): per-second means of the
 * projected latent, checked by hand on a made-up table; and on the app's codec (its encoder and the
 * committed table, eval/codec-latents-<codec>.json), music is nearer music than noise is.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFileToMono } from '../../src/engine/audio/decode.node.ts';
import { frechetDistance } from '../../src/engine/metrics/index.ts';
import { codecEncoder, latentSeconds, loadLatentTable, type LatentTable } from '../../scripts/eval/latents.ts';
import { SHIPPED_CODEC_NAME } from '../codec/pack.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('codec latents for the Fréchet proxy', () => {
  it('averages the summed code vectors over each whole second', () => {
    const t: LatentTable = { codec: 'x', dims: 2, explained: 1, tables: [[[1, 0], [0, 1], [2, 2]], [[10, 0], [0, 10], [-1, -1]]] };
    // K = 2 codebooks × 5 frames at 2 frames a second: seconds [0, 1] and [2, 3]; frame 4 is a partial second
    const codes = [0, 1, 2, 2, 0, /* codebook 1 */ 1, 0, 2, 1, 1];
    // frame sums: (1,10) (10,1) (1,1) (2,12) (1,10)
    expect(latentSeconds(codes, 5, t, 2)).toEqual([[5.5, 5.5], [1.5, 6.5]]);
  });

  it('hears music nearer music than noise, through the pack encoder and the committed table', async () => {
    const table = await loadLatentTable(SHIPPED_CODEC_NAME);
    // codec-specific: re-measure when the shipped codec changes (its table: training/scripts/codec_latent_table.py; codec-v3l's keeps 16 dims)
    expect(table?.dims).toBe(16);
    const encode = await codecEncoder(resolve(ROOT, 'public/models'), SHIPPED_CODEC_NAME, 640);
    const seconds = async (x: Float32Array) => { const e = await encode(x); return latentSeconds(e.codes, e.frames, table!, 50); };
    const piece = async (f: string) => seconds((await decodeAudioFileToMono(resolve(ROOT, 'test/fixtures/harmony', f), 32000)).samples);
    const a = [...await piece('piece-0-timgm6mb-close.wav'), ...await piece('piece-1-fluidr3-open.wav')];
    const b = await piece('piece-2-timgm6mb-high.wav');
    let seed = 1;
    const noise = Float32Array.from({ length: 32000 * 10 }, () => { seed = (seed * 16807) % 2147483647; return 0.2 * (seed / 2147483647 - 0.5); });
    const n = await seconds(noise);
    expect(a.length).toBeGreaterThanOrEqual(18);
    expect(n.length).toBe(10);
    const musicToMusic = frechetDistance(a, b), noiseToMusic = frechetDistance(n, b);
    expect(musicToMusic).toBeLessThan(noiseToMusic / 3);
  }, 120_000);
});
