/**
 * npm run bench:codec -- <pack dir>... — decoding 10 s of tokens (500 frames) as the browser's
 * WASM fallback does: onnxruntime-web's WASM backend (1 thread, as without cross-origin isolation)
 * and the engine's codec decoder (src/engine/codec: the graph, then for 'istft' packs the
 * engine's inverse STFT). Each pack's fp32 and int8 decoders, back to back in one process, median
 * of runs; the total and the graph alone. Prints one JSON line per pack; asserts nothing. On a
 * shared machine compare packs within one run, not across runs. Without a folder it times the app's
 * codec (the one the shipped music pack names).
 *   --frames N (default 500)  --runs N (default 5)  --threads N (default 1)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { decodeCodes } from '../src/engine/codec/decoder.ts';
import type { ModelSession } from '../src/engine/generate/session.ts';
import { validateCodecManifest } from '../src/engine/pack/validate.ts';
import { adaptSession } from '../src/runtime/adapt.ts';
import { SHIPPED_CODEC_NAME } from '../test/codec/pack.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const packs = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const FRAMES = Number(opt('--frames', '500')), RUNS = Number(opt('--runs', '5'));
ort.env.wasm.numThreads = Number(opt('--threads', '1'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const dir of packs.length ? packs : [`public/models/${SHIPPED_CODEC_NAME}`]) {
  const pack = resolve(dir);
  const m = validateCodecManifest(JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')));
  const codes = new Int32Array(m.codebooks * FRAMES);
  let s = 1;
  for (let i = 0; i < codes.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648; // fixed LCG: the same tokens every run
    codes[i] = s % m.codebook_size;
  }
  const out: Record<string, unknown> = { pack: dir, synthesis: m.synthesis.kind, audio_s: (FRAMES * m.hop) / m.sample_rate };
  for (const role of ['decoder', 'decoder_int8']) {
    const f = m.files[role];
    if (!f) continue;
    const raw = await ort.InferenceSession.create(new Uint8Array(readFileSync(join(pack, f.file))), { executionProviders: ['wasm'] });
    const clock = { ms: 0 };
    const inner = adaptSession(raw, (t) => new ort.Tensor(t.type, t.data, t.dims));
    const session: ModelSession = { ...inner, async run(feeds) { const t = performance.now(); const o = await inner.run(feeds); clock.ms += performance.now() - t; return o; } };
    await decodeCodes(m, session, codes, FRAMES); // warm-up: one-off allocations
    const total: number[] = [], graph: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      clock.ms = 0;
      const t = performance.now();
      await decodeCodes(m, session, codes, FRAMES);
      total.push(performance.now() - t);
      graph.push(clock.ms);
    }
    out[role] = { ms_median: Math.round(median(total)), graph_ms_median: Math.round(median(graph)), runs: RUNS };
  }
  out.machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)}; onnxruntime-web WASM, ${ort.env.wasm.numThreads} thread(s)`;
  console.log(JSON.stringify(out));
}
