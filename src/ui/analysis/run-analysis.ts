/**
 * One analysis of the opened video: frames grabbed in the page stream into analyze.worker.ts,
 * progress comes back, the promise resolves with cuts, proposals and descriptors. Aborting the
 * signal stops grabbing, tells the worker to drop the run, and rejects with an AbortError. The
 * worker belongs to its client (analyze.client.ts) and stays for the next analysis.
 */
import { ANALYSIS_FPS, ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from '../../engine/video/spec.ts';
import { analysisWorker } from '../../workers/analyze.client.ts';
import type { AnalyzeApi } from '../../workers/analyze.handler.ts';
import { PROGRESS_EVERY, type AnalyzeResult, type FramesSeen } from '../../workers/analyze.protocol.ts';
import type { WorkerClient } from '../../workers/client.ts';
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
  opts: { signal?: AbortSignal; onProgress?: (p: AnalysisProgress) => void; force?: GrabMethod; worker?: WorkerClient<AnalyzeApi> } = {},
): Promise<AnalysisOutcome> {
  const run = `analysis-${++seq}`;
  const worker = opts.worker ?? analysisWorker;
  const t0 = performance.now();
  let duration = 0;
  // frames go out without waiting for each answer; a failed frame is reported by `end`
  const shown = (seen: FramesSeen | null) => {
    if (!seen || seen.frames % PROGRESS_EVERY !== 0 || opts.signal?.aborted) return;
    opts.onProgress?.({ fraction: duration > 0 ? Math.min(1, seen.seconds / duration) : null, seconds: seen.seconds });
  };
  await worker.call('start', { run });
  try {
    const grabbed = await grabFrames(video, (pixels, channels, time) => {
      const data = pixels.buffer as ArrayBuffer;
      worker.call('frame', { run, width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels, data, time }, { transfer: [data] }).then(shown, () => {});
    }, { signal: opts.signal, force: opts.force, onStart: (info) => { duration = info.duration; } });
    if (grabbed.frames === 0) throw new Error('the video has no frames');
    const r = await worker.call('end', { run }, { signal: opts.signal });
    const elapsedMs = performance.now() - t0;
    return { ...r, method: grabbed.method, elapsedMs, speed: (r.frameCount / ANALYSIS_FPS) / (elapsedMs / 1000) };
  } catch (e) {
    void worker.call('drop', { run }).catch(() => {});
    throw e;
  }
}
