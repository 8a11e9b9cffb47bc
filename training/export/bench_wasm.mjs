// Time the decoders in onnxruntime-web's WASM backend (the browser's fallback path), run under Node.
// usage: node training/export/bench_wasm.mjs <pack dir> [frames=500] [threads=1]
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-web';

const [pack, framesArg, threadsArg] = process.argv.slice(2);
const frames = Number(framesArg ?? 500);
ort.env.wasm.numThreads = Number(threadsArg ?? 1);
const manifest = JSON.parse(fs.readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
const codes = new BigInt64Array(manifest.codebooks * frames);
let s = 1;
for (let i = 0; i < codes.length; i++) {
  s = (s * 1103515245 + 12345) % 2147483648; // fixed LCG: the same tokens every run
  codes[i] = BigInt(s % manifest.codebook_size);
}
const out = {};
for (const role of ['decoder', 'decoder_int8']) {
  const f = manifest.files[role];
  if (!f) continue;
  const session = await ort.InferenceSession.create(new Uint8Array(fs.readFileSync(path.join(pack, f.file))), {
    executionProviders: ['wasm'],
  });
  const feeds = { codes: new ort.Tensor('int64', codes, [1, manifest.codebooks, frames]) };
  await session.run(feeds);
  const ms = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await session.run(feeds);
    ms.push(performance.now() - t);
  }
  out[role] = { ms_median: ms.sort((a, b) => a - b)[1], audio_s: (frames * manifest.hop) / manifest.sample_rate };
}
console.log(JSON.stringify({ threads: ort.env.wasm.numThreads, ...out }));
