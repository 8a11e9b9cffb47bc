/**
 * The small session interface the loop runs on (house rule 1): the engine never imports an
 * onnxruntime package. onnxruntime-node (src/runtime/ort-node.ts: CLI, tests) and onnxruntime-web
 * (the worker) adapt their InferenceSession to this in a few lines; their Tensor already has this
 * shape, so feeds and results pass through without copies.
 */

export type TensorData = Float32Array | BigInt64Array;

export interface Tensor {
  readonly type: 'float32' | 'int64';
  readonly data: TensorData;
  readonly dims: readonly number[];
}

export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Outputs may share memory with the runtime until the next run: copy what you keep. */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
}

/** Opens a graph from its verified bytes (the caller checked size and sha256 against the manifest). */
export type OpenSession = (bytes: Uint8Array, name: string) => Promise<ModelSession>;

export const f32 = (data: Float32Array, dims: readonly number[]): Tensor => ({ type: 'float32', data, dims });
export const i64 = (data: BigInt64Array, dims: readonly number[]): Tensor => ({ type: 'int64', data, dims });

/** A copy of a tensor, for outputs kept across runs. */
export function keep(t: Tensor): Tensor {
  return { type: t.type, data: t.data.slice(), dims: [...t.dims] };
}
