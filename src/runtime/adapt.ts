/**
 * Either onnxruntime's InferenceSession as the engine's ModelSession: feeds become the runtime's
 * tensors (same type, data and dims, no copy), and its results already have the engine's shape.
 */
import type { ModelSession, Tensor } from '../engine/generate/session.ts';

interface OrtSessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<unknown>;
}

export function adaptSession<T>(s: OrtSessionLike<T>, tensor: (t: Tensor) => T): ModelSession {
  return {
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    async run(feeds) {
      const f: Record<string, T> = {};
      for (const [n, t] of Object.entries(feeds)) f[n] = tensor(t);
      return (await s.run(f)) as Record<string, Tensor>;
    },
  };
}
