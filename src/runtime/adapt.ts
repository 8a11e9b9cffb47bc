/**
 * Either onnxruntime's InferenceSession as the engine's ModelSession: feeds become the runtime's
 * tensors (same type, data and dims, no copy), and its results already have the engine's shape. A
 * tensor in device memory is the runtime's own output: it goes back in as it is.
 */
import { onDevice, type ModelSession, type Tensor } from '../engine/generate/session.ts';

interface OrtSessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<unknown>;
  run(feeds: Record<string, T>, fetches: readonly string[]): Promise<unknown>;
}

export function adaptSession<T>(s: OrtSessionLike<T>, tensor: (t: Tensor) => T): ModelSession {
  return {
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    async run(feeds, fetches) {
      const f: Record<string, T> = {};
      for (const [n, t] of Object.entries(feeds)) f[n] = onDevice(t) ? (t as T) : tensor(t);
      return (await (fetches ? s.run(f, fetches) : s.run(f))) as Record<string, Tensor>;
    },
  };
}
