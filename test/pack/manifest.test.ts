/**
 * Pack manifests from the engine's side: the tiny test pack (written by training/music/pack.py)
 * and the shipped codec validate; a broken field, file or codec is refused with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTROL_DIMS } from '../../src/engine/controls/types.ts';
import { musicGraphFile } from '../../src/engine/pack/files.ts';
import { manifestCriticLanes } from '../../src/engine/generate/generate.ts';
import { loadMusicPack } from '../../src/engine/pack/load.ts';
import { PACK_KINDS, readManifest } from '../../src/engine/pack/registry.ts';
import { SHIPPED_MUSIC_PACK } from '../../src/engine/pack/offer.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { SHIPPED_CODEC_NAME } from '../codec/pack.ts';
import { MODELS, TINY_CODEC, TINY_PACK, TINY_PACK_DIR, tinyReader } from '../generate/tiny-pack.ts';

const music = JSON.parse(readFileSync(`${TINY_PACK_DIR}manifest.json`, 'utf8'));
const CODEC = TINY_CODEC;
const codec = JSON.parse(readFileSync(`${MODELS}/${CODEC}/manifest.json`, 'utf8'));
/** A deep copy with one change. */
const edit = (m: unknown, change: (m: any) => void) => { const c = structuredClone(m); change(c); return c; };

describe('pack manifests', () => {
  it('reads the tiny music pack: token interface, controls, graphs, variants, sampling', () => {
    const m = readManifest(music, 'music');
    expect(m.tokens).toEqual({ sample_rate: 32000, frame_rate: 50, codebooks: 4, codebook_size: 2048, special: 2048, delays: [0, 1, 2, 3] });
    expect(Object.fromEntries(m.controls.time.map((c) => [c.name, c.dim]))).toEqual(CONTROL_DIMS);
    expect(m.controls.ensemble.dim).toBe(16);
    expect(m.sampling).toEqual({ top_k: 250, temperature: 1, guidance_scale: 3 });
    // the app's codec, the only one in public/models: when it changes the tiny packs move with it (training/music/pack.py --fixture --codec)
    expect(m.codec.pack).toBe(SHIPPED_CODEC_NAME);
    expect(musicGraphFile(m, 'step', 'wasm').file).toBe('step.int8.onnx');
    expect(musicGraphFile(m, 'step', 'webgpu').file).toBe('step.onnx');
    expect(musicGraphFile(m, 'video_encoder', 'wasm').file).toBe('video_encoder.onnx');
    expect(musicGraphFile(m, 'prefill', 'wasm').file).toBe('prefill.int8.onnx');
    expect(musicGraphFile(m, 'prefill', 'webgpu').file).toBe('prefill.onnx');
    expect(Object.keys(m.graphs.prefill!.outputs)).toContain(`present_value.${m.model.layers - 1}`);
    expect(Object.keys(m.graphs.step.inputs)).toContain(`past_key.${m.model.layers - 1}`);
    expect(m.model.windows).toEqual([null, null, 5, 3, 2]); // block's first layer, its CGD clone, then 5, 3, 2 s
  });

  it('reads a pack without the optional prefill graph (primed with steps), and refuses half of one', () => {
    const without = readManifest(edit(music, (m) => {
      delete m.graphs.prefill; delete m.files.prefill; delete m.files.prefill_int8; delete m.variants.wasm.prefill; delete m.variants.webgpu.prefill;
    }), 'music');
    expect(without.graphs.prefill).toBeUndefined();
    expect(() => readManifest(edit(music, (m) => { delete m.files.prefill; }), 'music')).toThrow(/files\.prefill should be the file of graph prefill/);
    expect(() => readManifest(edit(music, (m) => { delete m.graphs.prefill; }), 'music')).toThrow(/variants\.wasm\.prefill should be/);
    expect(() => readManifest(edit(music, (m) => { delete m.graphs.prefill.outputs['present_key.0']; }), 'music'))
      .toThrow(/graphs\.prefill\.outputs should be to include present_key\.0/);
  });

  it('reads an optional harmony guidance among the sampling defaults, and refuses a negative one', () => {
    expect(readManifest(edit(music, (m) => { m.sampling.harmony_guidance = 3; }), 'music').sampling).toEqual({ top_k: 250, temperature: 1, guidance_scale: 3, harmony_guidance: 3 });
    expect(() => readManifest(edit(music, (m) => { m.sampling.harmony_guidance = -1; }), 'music')).toThrow(/sampling\.harmony_guidance/);
    expect(readManifest(JSON.parse(readFileSync(`${MODELS}/${SHIPPED_MUSIC_PACK}/manifest.json`, 'utf8')), 'music').sampling.harmony_guidance).toBe(3);
  });

  it('reads an optional level search among the sampling defaults, and refuses candidates that are not an integer 1-16', () => {
    expect(readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 4, chunk_s: 0.5 }; }), 'music').sampling.level_search).toEqual({ candidates: 4, chunk_s: 0.5 });
    expect(() => readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 2.5 }; }), 'music')).toThrow(/sampling\.level_search\.candidates/);
    expect(() => readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 17 }; }), 'music')).toThrow(/sampling\.level_search\.candidates/);
    expect(() => readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 4, chunk_s: 0 }; }), 'music')).toThrow(/sampling\.level_search\.chunk_s/);
    // the melody lane's weight in a candidate's score, as the studio's Search asks it
    expect(readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 2, melody: 20 }; }), 'music').sampling.level_search).toEqual({ candidates: 2, melody: 20 });
    expect(() => readManifest(edit(music, (m) => { m.sampling.level_search = { candidates: 2, melody: -1 }; }), 'music')).toThrow(/sampling\.level_search\.melody/);
  });

  it('reads the critic\'s lane weights with their optional codebooks and level hold, and maps the hold to the critic\'s names', () => {
    const lanes = { level: 2, melody: 1, harmony: 1, rhythm: 1, codebooks: 4, level_hold: 1, level_hold_s: 0.5 };
    const m = readManifest(edit(music, (x) => { x.sampling.critic_scale = 6; x.sampling.critic_lanes = lanes; }), 'music');
    expect(m.sampling.critic_lanes).toEqual(lanes);
    expect(manifestCriticLanes(m)).toEqual({ level: 2, melody: 1, harmony: 1, rhythm: 1, codebooks: 4, levelHold: 1, levelHoldS: 0.5 });
    // without them: the weights alone, as packs before them were written
    const plain = readManifest(edit(music, (x) => { x.sampling.critic_lanes = { level: 1, melody: 1, harmony: 2 }; }), 'music');
    expect(manifestCriticLanes(plain)).toEqual({ level: 1, melody: 1, harmony: 2 });
    expect(() => readManifest(edit(music, (x) => { x.sampling.critic_lanes = { ...lanes, codebooks: 2.5 }; }), 'music')).toThrow(/sampling\.critic_lanes\.codebooks/);
    expect(() => readManifest(edit(music, (x) => { x.sampling.critic_lanes = { ...lanes, level_hold: -1 }; }), 'music')).toThrow(/sampling\.critic_lanes\.level_hold/);
    expect(() => readManifest(edit(music, (x) => { x.sampling.critic_lanes = { ...lanes, level_hold_s: 0 }; }), 'music')).toThrow(/sampling\.critic_lanes\.level_hold_s/);
  });

  it('reads the shipped codec pack, and knows two kinds', () => {
    expect(readManifest(codec).kind).toBe('codec');
    expect(Object.keys(PACK_KINDS)).toEqual(['music', 'codec']);
  });

  it.each([
    ['kind', (m: any) => { m.kind = 'vocoder'; }, /manifest\.kind should be "music" or "codec", got "vocoder"/],
    ['delays', (m: any) => { m.tokens.delays = [0, 2, 1, 3]; }, /manifest\.tokens\.delays should be delays must start at 0, be non-decreasing/],
    ['harmony width', (m: any) => { m.controls.time[4].dim = 12; }, /manifest\.controls\.time\[4\]\.dim is 12, but this engine's width of harmony is 24/],
    ['controls version', (m: any) => { m.controls.version = 1; }, /controls\.version is 1, but this engine's controls version is 2/],
    ['video version', (m: any) => { m.video.version = 2; }, /video\.version is 2, but this engine's video descriptor version is 1/],
    ['a step input', (m: any) => { delete m.graphs.step.inputs['past_value.2']; }, /graphs\.step\.inputs should be to include past_value\.2/],
    ['a sha', (m: any) => { m.files.step.sha256 = 'abc'; }, /files\.step\.sha256 should be 64 lower-case hex digits/],
    ['a variant', (m: any) => { m.variants.wasm.step = 'step_int4'; }, /variants\.wasm\.step should be a key of manifest\.files/],
    ['window list', (m: any) => { m.model.windows.pop(); }, /model\.windows should be one window per layer \(5\)/],
    ['top-k', (m: any) => { m.sampling.top_k = 0; }, /sampling\.top_k should be an integer in \[1, 2048\], got 0/],
    ['a file outside the folder', (m: any) => { m.files.step.file = '../step.onnx'; }, /files\.step\.file should be a file name inside the pack folder/],
  ])('refuses a bad %s, naming the field', (_, change, message) => {
    expect(() => readManifest(edit(music, change), 'music')).toThrow(message);
  });

  it('refuses a corrupt or missing file and a codec of another interface, naming them', async () => {
    const open = nodeSessionOpener(1), read = tinyReader();
    const corrupt = async (pack: string, file: string) => {
      const b = await read(pack, file);
      if (file === 'condition_encoder.onnx') b[100] ^= 1;
      return b;
    };
    await expect(loadMusicPack(corrupt, open, TINY_PACK, 'wasm')).rejects.toThrow(`${TINY_PACK}/condition_encoder.onnx does not match its sha256`);
    const missing = async (pack: string, file: string) => {
      if (file === 'step.int8.onnx') throw new Error(`${pack}/${file} cannot be read (ENOENT)`);
      return read(pack, file);
    };
    await expect(loadMusicPack(missing, open, TINY_PACK, 'wasm')).rejects.toThrow(`${TINY_PACK}/step.int8.onnx cannot be read`);
    const otherCodec = async (pack: string, file: string) => (pack === CODEC && file === 'manifest.json'
      ? new TextEncoder().encode(JSON.stringify(edit(codec, (c) => { c.codebooks = 8; }))) : read(pack, file));
    await expect(loadMusicPack(otherCodec, open, TINY_PACK, 'wasm')).rejects.toThrow(`needs codec pack ${CODEC} with codebooks 4 (it has 8)`);
  });
});
