/**
 * onnxruntime-node behind the engine's session interface (src/engine/generate/session.ts), and
 * packs read from folders under a models root. Used by the CLI and the tests; the engine itself
 * never imports onnxruntime (house rule 1), it is handed `openNodeSession`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelSession, OpenSession, Tensor } from '../engine/generate/session.ts';
import type { ReadPackFile } from '../engine/pack/load.ts';

export function nodeSessionOpener(threads = 1): OpenSession {
  return async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const session: ModelSession = {
      inputNames: s.inputNames,
      outputNames: s.outputNames,
      async run(feeds) {
        const f: Record<string, ort.Tensor> = {};
        for (const [n, t] of Object.entries(feeds)) f[n] = new ort.Tensor(t.type, t.data, t.dims);
        return (await s.run(f)) as unknown as Record<string, Tensor>;
      },
    };
    return session;
  };
}

/** Packs are folders of `root`; a pack given as a path (with a slash) is read from that folder. */
export function folderReader(root: string, paths: Readonly<Record<string, string>> = {}): ReadPackFile {
  return async (pack, file) => {
    const dir = paths[pack] ?? join(root, pack);
    try {
      return new Uint8Array(await readFile(join(dir, file)));
    } catch (e) {
      throw new Error(`${pack}/${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) in ${dir}`);
    }
  };
}
