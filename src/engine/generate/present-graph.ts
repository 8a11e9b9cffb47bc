/**
 * The step graph returning each layer's whole cache, for a backend that keeps the cache on the GPU
 * (onnxruntime-web's WebGPU: `preferredOutputLocation: 'gpu-buffer'`). The pack's step returns only
 * the new position's keys/values (`new_key.i`, `new_value.i`), which the loop appends on the CPU
 * (cache.ts); fed back from the GPU, the append has to happen there too. So at load time, after the
 * file's sha256 was checked, each layer gets a Concat node: `present_key.i` = past_key.i ‖ new_key.i
 * along frames (axis 3: keys are (B, H, dh, P)), `present_value.i` = past_value.i ‖ new_value.i
 * (axis 2: values are (B, H, P, dh)) — what the cache holds after the step, as the prefill graph's
 * presents are. No onnxruntime here (house rule 1): only protobuf bytes. A message field that occurs
 * twice is merged by every protobuf parser (repeated fields concatenate), so the graph's extra nodes
 * and outputs are one more `graph` field appended to the ModelProto; nothing in the file is rewritten.
 */

const LEN = 2, VARINT = 0;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

const tag = (field: number, wire: number) => varint(field * 8 + wire);
const bytesField = (field: number, body: readonly number[]) => [...tag(field, LEN), ...varint(body.length), ...body];
const stringField = (field: number, s: string) => bytesField(field, [...new TextEncoder().encode(s)]);
const intField = (field: number, n: number) => [...tag(field, VARINT), ...varint(n)];

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5 (AttributeProto: name 1, i 3, type 20 = INT 2). */
function concat(a: string, b: string, out: string, axis: number): number[] {
  const attr = [...stringField(1, 'axis'), ...intField(3, axis), ...intField(20, 2)];
  return [...stringField(1, a), ...stringField(1, b), ...stringField(2, out), ...stringField(3, `undertone_${out}`),
    ...stringField(4, 'Concat'), ...bytesField(5, attr)];
}

/** ValueInfoProto: name 1, type 2 (TypeProto.tensor_type 1 → elem_type 1 = FLOAT). */
const floatOutput = (name: string) => [...stringField(1, name), ...bytesField(2, bytesField(1, intField(1, 1)))];

/** Names of the outputs `withPresentOutputs` adds: the cache after the step, per layer. */
export function presentNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, i) => [`present_key.${i}`, `present_value.${i}`]).flat();
}

/** `model` (a step graph's ModelProto bytes) with `present_key.i` / `present_value.i` outputs added. */
export function withPresentOutputs(model: Uint8Array, layers: number): Uint8Array {
  const graph: number[] = [];
  for (let i = 0; i < layers; i++) {
    graph.push(...bytesField(1, concat(`past_key.${i}`, `new_key.${i}`, `present_key.${i}`, 3)));
    graph.push(...bytesField(1, concat(`past_value.${i}`, `new_value.${i}`, `present_value.${i}`, 2)));
  }
  for (const n of presentNames(layers)) graph.push(...bytesField(12, floatOutput(n)));
  const extra = bytesField(7, graph), out = new Uint8Array(model.length + extra.length);
  out.set(model);
  out.set(extra, model.length);
  return out;
}
