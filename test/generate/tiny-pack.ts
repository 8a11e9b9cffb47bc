/**
 * The tiny random music pack (test/fixtures/music/tiny-pack, training/music/pack.py --fixture)
 * opened on onnxruntime-node with the codec its manifest names from public/models (the app's own,
 * SHIPPED_CODEC_NAME in test/codec/pack.ts: no other codec pack ships), and its golden inputs as the
 * engine's types.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTROL_DIMS, DEFAULT_RATE, type ControlName, type Controls } from '../../src/engine/controls/types.ts';
import type { VideoDescriptors } from '../../src/engine/generate/inputs.ts';
import type { Backend } from '../../src/engine/pack/manifest.ts';
import { loadMusicPack, type LoadedMusicPack } from '../../src/engine/pack/load.ts';
import { folderReader, nodeSessionOpener } from '../../src/runtime/ort-node.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TINY_PACK_DIR = fileURLToPath(new URL('../fixtures/music/tiny-pack/', import.meta.url));
export const TINY_PACK = 'music-tiny-random';
/** The same tiny model with integrated inputs (the step's `integ` state; pack.py --fixture --integrate). */
export const INTEG_PACK_DIR = fileURLToPath(new URL('../fixtures/music/tiny-pack-integ/', import.meta.url));
export const INTEG_PACK = 'music-tiny-integ';
export const MODELS = `${ROOT}public/models`;
/** The codec pack the tiny packs decode with (their manifest's `codec.pack`): the app's (test/pack/manifest.test.ts checks). */
export const TINY_CODEC: string = JSON.parse(readFileSync(`${TINY_PACK_DIR}manifest.json`, 'utf8')).codec.pack;

export function tinyReader() {
  return folderReader(MODELS, { [TINY_PACK]: TINY_PACK_DIR, [INTEG_PACK]: INTEG_PACK_DIR });
}

export function loadTinyPack(backend: Backend = 'wasm', pack: typeof TINY_PACK | typeof INTEG_PACK = TINY_PACK): Promise<LoadedMusicPack> {
  return loadMusicPack(tinyReader(), nodeSessionOpener(1), pack, backend);
}

export const golden = JSON.parse(readFileSync(`${TINY_PACK_DIR}golden.json`, 'utf8'));
export const integGolden = JSON.parse(readFileSync(`${INTEG_PACK_DIR}golden.json`, 'utf8'));

export function goldenControls(): Controls {
  const g = golden.inputs;
  const track = (n: ControlName) => ({ dim: CONTROL_DIMS[n], values: Float32Array.from(g.controls[n].values), mask: Float32Array.from(g.controls[n].mask) });
  return { rate: DEFAULT_RATE, frames: g.frames, rhythm: track('rhythm'), intensity: track('intensity'), melody: track('melody'),
    emotion: track('emotion'), harmony: track('harmony') };
}

export function goldenVideo(): VideoDescriptors {
  const g = golden.inputs;
  return { frames: g.video_frames, frame: Float32Array.from(g.frame), context: Float32Array.from(g.context), patch: Float32Array.from(g.patch) };
}

/** The golden ensemble as family indices (its mask is all ones: a chosen ensemble). */
export function goldenFamilies(): number[] {
  return (golden.inputs.ensemble.values as number[]).flatMap((v, i) => (v ? [i] : []));
}
