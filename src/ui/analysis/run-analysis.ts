/**
 * One analysis of the opened video: frames grabbed in the page stream into analyze.worker.ts,
 * progress comes back, the promise resolves with cuts, proposals and descriptors. Aborting the
 * signal stops grabbing, tells the worker to drop the run, and rejects with an AbortError.
 */
import { ANALYSIS_FPS, ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../engine/video/spec.ts';
import type { AnalyzeRequest, AnalyzeResponse, AnalyzeResult } from '../../workers/analyze.protocol.ts';
import { grabFrames, type GrabMethod } from './grab.ts';

export interface AnalysisProgress {
  /** 0..1, or null while the duration is unknown. */
  readonly fraction: number | null;
  readonly seconds: number;
}

export interface AnalysisOutcome extends AnalyzeResult {
  readonly method: GrabMethod;
  /** Wall time of the whole analysis, and how many times faster than real time that is. */
  readonly elapsedMs: number;
  readonly speed: number;
}

let seq = 0;

export async function runAnalysis(
  video: File | Blob | string,
  opts: { signal?: AbortSignal; onProgress?: (p: AnalysisProgress) => void; force?: GrabMethod; worker?: Worker } = {},
): Promise<AnalysisOutcome> {
  const id = `analysis-${++seq}`;
  const worker = opts.worker ?? new Worker(new URL('../../workers/analyze.worker.ts', import.meta.url), { type: 'module' });
  const post = (m: AnalyzeRequest, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);
  const t0 = performance.now();
  let duration = 0;
  const result = new Promise<AnalyzeResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<AnalyzeResponse>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        opts.onProgress?.({ fraction: duration > 0 ? Math.min(1, m.seconds / duration) : null, seconds: m.seconds });
      } else if (m.type === 'result') resolve(m.result);
      else if (m.type === 'error') reject(new Error(m.message));
      else reject(new DOMException('analysis cancelled', 'AbortError'));
    };
    worker.onerror = (e) => reject(new Error(`analysis worker failed: ${e.message}`));
  });
  result.catch(() => {}); // observed below
  post({ type: 'start', id });
  try {
    const grabbed = await grabFrames(video, (pixels, channels, time) => {
      const data = pixels.buffer as ArrayBuffer;
      post({ type: 'frame', id, width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels, data, time }, [data]);
    }, { signal: opts.signal, force: opts.force, onStart: (info) => { duration = info.duration; } });
    if (grabbed.frames === 0) throw new Error('the video has no frames');
    post({ type: 'end', id });
    const r = await result;
    const elapsedMs = performance.now() - t0;
    return { ...r, method: grabbed.method, elapsedMs, speed: (r.frameCount / ANALYSIS_FPS) / (elapsedMs / 1000) };
  } catch (e) {
    post({ type: 'cancel', id });
    throw e;
  } finally {
    if (!opts.worker) worker.terminate();
  }
}
