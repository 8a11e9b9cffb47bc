/**
 * The KV cache kept on the GPU (src/engine/generate/present-graph.ts, cache.ts `HeldCache`): the step
 * graph with its presents appended computes past ‖ new exactly, and the loop holding the cache as the
 * runtime's device tensors (emulated on onnxruntime-node: reading one throws) writes the same tokens
 * as the loop appending on the CPU, never reads the cache on the CPU after a window's first step, and
 * frees every device tensor it was given.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { withoutEmptyPast } from '../../src/engine/generate/empty-past.ts';
import { generate } from '../../src/engine/generate/generate.ts';
import { withPresentOutputs } from '../../src/engine/generate/present-graph.ts';
import type { MusicSessions } from '../../src/engine/generate/decoder.ts';
import { loadMusicPack } from '../../src/engine/pack/load.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { emulatedDeviceOpener, type DeviceLedger } from './device-tensors.ts';
import { codecHearing } from '../../src/engine/generate/level-search.ts';
import { goldenControls, goldenVideo, loadTinyPack, TINY_PACK, TINY_PACK_DIR, tinyReader } from './tiny-pack.ts';

describe('the step graph with its presents', () => {
  it('returns each layer\'s cache after the step: past ‖ new along frames', async () => {
    const m = JSON.parse(readFileSync(`${TINY_PACK_DIR}manifest.json`, 'utf8'));
    const s = await ort.InferenceSession.create(withPresentOutputs(new Uint8Array(readFileSync(`${TINY_PACK_DIR}step.onnx`)), m.model.layers));
    expect(s.outputNames.slice(-2)).toEqual(['present_key.4', 'present_value.4']);
    const B = 2, P = 3, H = m.model.heads, dh = m.model.head_dim;
    let x = 0;
    const feeds: Record<string, ort.Tensor> = {};
    for (const [n, spec] of Object.entries<{ dtype: string; dims: (number | string)[] }>(m.graphs.step.inputs)) {
      const dims = spec.dims.map((d) => (typeof d === 'number' ? d : d === 'batch' ? B : d === 'past' ? P : 3));
      const size = dims.reduce((a, b) => a * b, 1);
      feeds[n] = spec.dtype === 'int64' ? new ort.Tensor('int64', new BigInt64Array(size).fill(n === 'step' ? 3n : 5n), dims)
        : new ort.Tensor('float32', Float32Array.from({ length: size }, () => Math.sin(++x)), dims);
    }
    const out = await s.run(feeds);
    for (let l = 0; l < m.model.layers; l++) {
      const pk = out[`present_key.${l}`], pv = out[`present_value.${l}`];
      expect(pk.dims).toEqual([B, H, dh, P + 1]);
      expect(pv.dims).toEqual([B, H, P + 1, dh]);
      const past = feeds[`past_key.${l}`].data as Float32Array, nk = out[`new_key.${l}`].data as Float32Array, k = pk.data as Float32Array;
      for (let r = 0; r < B * H * dh; r++) expect([...k.subarray(r * (P + 1), (r + 1) * (P + 1))]).toEqual([...past.subarray(r * P, (r + 1) * P), nk[r]]);
      const pastV = feeds[`past_value.${l}`].data as Float32Array, nv = out[`new_value.${l}`].data as Float32Array, v = pv.data as Float32Array;
      for (let r = 0; r < B * H; r++) {
        expect([...v.subarray(r * (P + 1) * dh, (r + 1) * (P + 1) * dh)]).toEqual([...pastV.subarray(r * P * dh, (r + 1) * P * dh), ...nv.subarray(r * dh, (r + 1) * dh)]);
      }
    }
  });
});

describe('the loop with the KV cache on the device', () => {
  it('writes the tokens of the CPU cache, reading the cache on the CPU only at the first window\'s first step, and frees it all', async () => {
    const ledger: DeviceLedger = { live: 0, made: 0 };
    // the WebGPU variants (fp32 step and prefill), on onnxruntime-node, the presents on the emulated device
    const onDevice = await loadMusicPack(tinyReader(), emulatedDeviceOpener(nodeSessionOpener(1), ledger), TINY_PACK, 'webgpu', { cacheOnDevice: true });
    const onCpu = await loadTinyPack('webgpu');
    const m = onCpu.manifest;
    const controls = encodeLanes(createProject('t', 6).lanes, 6, { sampleRate: 32000, frameRate: 50 });
    const take = (sessions: MusicSessions) => generate({ manifest: m, sessions, controls, video: goldenVideo(), ensemble: 'auto', start: 0, frames: 250,
      config: { seed: 3 } }); // 5 s: two windows of the 4 s context, the second primed by the prefill graph
    const cpu = await take(onCpu.sessions);
    const device = await take({ ...onDevice.sessions, step: withoutEmptyPast(onDevice.sessions.step, m.model.layers) });
    expect(cpu.joins).toEqual([197]);
    expect([...device.codes]).toEqual([...cpu.codes]);
    expect(device.prefilled).toBe(cpu.prefilled);
    // on the CPU every step and prefill brings its cache (its new entries) back
    expect(cpu.cache).toEqual({ onCpu: cpu.steps + 1, onDevice: 0 });
    // on the device only the first step over an empty cache does (withoutEmptyPast: the new entries
    // alone); the second window starts from the prefill's presents, on the device
    expect(device.cache).toEqual({ onCpu: 1, onDevice: device.steps });
    expect(ledger.made).toBe(device.cache.onDevice * 2 * m.model.layers);
    expect(ledger.live).toBe(0);
  });

  it('searches from a cache on the device as from one on the CPU: the cache downloaded to save, the same take, every device tensor freed', async () => {
    const ledger: DeviceLedger = { live: 0, made: 0 };
    const onDevice = await loadMusicPack(tinyReader(), emulatedDeviceOpener(nodeSessionOpener(1), ledger), TINY_PACK, 'webgpu', { cacheOnDevice: true });
    const onCpu = await loadTinyPack('webgpu');
    const m = onCpu.manifest;
    const hearing = codecHearing(onCpu.codec, onCpu.decoder, { sampleRate: 32000, frameRate: 50 });
    const take = (sessions: MusicSessions) => generate({ manifest: m, sessions, controls: goldenControls(), video: goldenVideo(), ensemble: 'auto', start: 0, frames: 120,
      hearing, config: { seed: 5, levelSearch: { candidates: 3, chunkS: 0.3 } } });
    const cpu = await take(onCpu.sessions);
    const device = await take({ ...onDevice.sessions, step: withoutEmptyPast(onDevice.sessions.step, m.model.layers) });
    expect(cpu.search.chunks).toBeGreaterThan(2);
    expect(device.search).toEqual(cpu.search);
    expect([...device.codes]).toEqual([...cpu.codes]);
    expect(ledger.live).toBe(0);
  });
});
