/**
 * The page's one extraction worker, owned by this client (started on first use), and the calls the
 * reference-track panel and the adherence view make.
 */
import type { ControlRate } from '../engine/controls/types.ts';
import { WorkerClient } from './client.ts';
import type { ExtractApi } from './extract.handler.ts';
import type { Adherence } from '../engine/metrics/adherence.ts';
import type { Lanes, Seconds } from '../engine/project/types.ts';
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

/** A take heard back against its lanes; `samples` (mono, at `sampleRate`) are copied, the take keeps its own. */
export function takeAdherence(samples: Float32Array, sampleRate: number, lanes: Lanes, start: Seconds, options: ExtractOptions = {},
  worker: WorkerClient<ExtractApi> = extractionWorker): Promise<Adherence> {
  const { signal, onProgress, rate } = options;
  const copy = samples.slice();
  return worker.call('adherence', { samples: copy, sampleRate, rate, lanes, start }, {
    signal, transfer: [copy.buffer], onProgress: onProgress && ((p) => onProgress(p.stage, p.fraction)),
  });
}
