/**
 * Page side of the extraction worker: one promise per run, an AbortSignal to cancel it.
 * Takes any worker-like port, so tests can wire it straight to the handler.
 */
import type { ControlRate } from '../engine/controls/types.ts';
import type { ExtractRequest, ExtractResponse, ExtractStage, ReferenceProposal } from './extract.protocol.ts';

export interface ExtractPort {
  postMessage(msg: ExtractRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ExtractResponse>) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent<ExtractResponse>) => void): void;
}

export interface ExtractOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: ExtractStage, fraction: number) => void;
  /** The model pack's rates (manifest); DEFAULT_RATE when absent. */
  readonly rate?: ControlRate;
}

let runs = 0;

/** Sends mono samples (their buffer is transferred: do not use `samples` afterwards). */
export function extractReference(port: ExtractPort, samples: Float32Array, sampleRate: number, options: ExtractOptions = {}): Promise<ReferenceProposal> {
  const id = `extract-${++runs}`;
  const { signal, onProgress, rate } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const done = () => {
      port.removeEventListener('message', onMessage);
      signal?.removeEventListener('abort', onAbort);
    };
    const onMessage = (e: MessageEvent<ExtractResponse>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') onProgress?.(m.stage, m.fraction);
      else if (m.type === 'result') { done(); resolve(m.proposal); }
      else if (m.type === 'error') { done(); reject(new Error(m.message)); }
      else { done(); reject(new DOMException('Aborted', 'AbortError')); }
    };
    const onAbort = () => {
      done();
      port.postMessage({ type: 'cancel', id });
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    port.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort);
    port.postMessage({ type: 'extract', id, samples, sampleRate, rate }, [samples.buffer]);
  });
}
