/**
 * The page's one extraction worker, owned by this client (started on first use), and the call the
 * reference-track panel makes.
 */
import type { ControlRate } from '../engine/controls/types.ts';
import { WorkerClient } from './client.ts';
import type { ExtractApi } from './extract.handler.ts';
import type { ExtractStage, ReferenceProposal } from './extract.protocol.ts';

export const extractionWorker = new WorkerClient<ExtractApi>(
  () => new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module' }), 'extraction');

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: ExtractStage, fraction: number) => void;
  /** The model pack's rates (manifest); DEFAULT_RATE when absent. */
  readonly rate?: ControlRate;
}

/** Sends mono samples (their buffer is transferred: do not use `samples` afterwards). */
export function extractReference(samples: Float32Array, sampleRate: number, options: ExtractOptions = {},
  worker: WorkerClient<ExtractApi> = extractionWorker): Promise<ReferenceProposal> {
  const { signal, onProgress, rate } = options;
  return worker.call('extract', { samples, sampleRate, rate }, {
    signal, transfer: [samples.buffer], onProgress: onProgress && ((p) => onProgress(p.stage, p.fraction)),
  });
}
