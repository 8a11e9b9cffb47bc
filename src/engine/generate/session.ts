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
  /**
   * Where the data lies: absent or 'cpu' = in `data`; anything else (onnxruntime-web's 'gpu-buffer')
   * = device memory, where `data` must not be read: the tensor only goes back in as a feed, and is
   * disposed when replaced.
   */
  readonly location?: string;
  /** Frees a device tensor's memory (onnxruntime-web's GPU buffers). */
  dispose?(): void;
  /** A device tensor's data copied to the CPU (onnxruntime-web's download); the tensor stays where it is. */
  getData?(): Promise<TensorData>;
}

export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Outputs may share memory with the runtime until the next run: copy what you keep. `fetches`:
   * only these outputs (default all), so an output nobody reads is never copied out.
   */
  run(feeds: Readonly<Record<string, Tensor>>, fetches?: readonly string[]): Promise<Record<string, Tensor>>;
}

/**
 * Opens a graph from its verified bytes (the caller checked size and sha256 against the manifest).
 * `onDevice`: outputs a GPU runtime should leave in device memory (the KV cache, fed back next run);
 * a CPU runtime ignores it.
 */
export type OpenSession = (bytes: Uint8Array, name: string, onDevice?: readonly string[]) => Promise<ModelSession>;

/** Whether a tensor's data lies in device memory (not readable on the CPU). */
export const onDevice = (t: Tensor): boolean => t.location !== undefined && t.location !== 'cpu';

/** Frees a tensor held in device memory; a CPU tensor is left alone (the GC has it). */
export function release(t: Tensor | undefined): void {
  if (!t || !onDevice(t)) return;
  try { t.dispose?.(); } catch { /* a lost device has freed it already */ }
}

export const f32 = (data: Float32Array, dims: readonly number[]): Tensor => ({ type: 'float32', data, dims });
export const i64 = (data: BigInt64Array, dims: readonly number[]): Tensor => ({ type: 'int64', data, dims });

/** A copy of a tensor, for outputs kept across runs. */
export function keep(t: Tensor): Tensor {
  return { type: t.type, data: t.data.slice(), dims: [...t.dims] };
}
