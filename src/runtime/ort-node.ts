/**
 * onnxruntime-node behind the engine's session interface (src/engine/generate/session.ts), and
 * packs read from folders under a models root. Used by the CLI and the tests; the engine itself
 * never imports onnxruntime (house rule 1), it is handed `nodeSessionOpener`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { OpenSession } from '../engine/generate/session.ts';
import { adaptSession } from './adapt.ts';
import type { ReadPackFile } from '../engine/pack/load.ts';

export function nodeSessionOpener(threads = 1): OpenSession {
  return async (bytes) => {
    const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    return adaptSession(s, (t) => new ort.Tensor(t.type, t.data, t.dims));
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
