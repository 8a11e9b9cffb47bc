// Run an ONNX model in onnxruntime-node on raw tensors (there is no Python onnxruntime in Debian).
// usage: node training/export/ort_run.mjs job.json
// job: {model, runs: [{inputs: {name: {file, dtype: "float32"|"int64", dims}}, outputs: {name: file}}],
//       bench: {repeat}}  → writes each output as raw float32/int64 and prints {outputs dims, ms}.
import fs from 'node:fs';
import ort from 'onnxruntime-node';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const session = await ort.InferenceSession.create(job.model, { intraOpNumThreads: job.threads ?? 2 });
const Arr = { float32: Float32Array, int64: BigInt64Array };
const result = { runs: [] };
for (const run of job.runs) {
  const feeds = {};
  for (const [name, spec] of Object.entries(run.inputs)) {
    const buf = fs.readFileSync(spec.file);
    const data = new Arr[spec.dtype](buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    feeds[name] = new ort.Tensor(spec.dtype, data, spec.dims);
  }
  let out = await session.run(feeds);  // first run includes one-off allocation; timed runs follow
  const times = [];
  for (let i = 0; i < (run.repeat ?? 0); i++) {
    const t = performance.now();
    out = await session.run(feeds);
    times.push(performance.now() - t);
  }
  const info = { outputs: {}, ms: times };
  for (const [name, file] of Object.entries(run.outputs ?? {})) {
    const t = out[name];
    fs.writeFileSync(file, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    info.outputs[name] = { dims: t.dims, type: t.type };
  }
  result.runs.push(info);
}
console.log(JSON.stringify(result));
