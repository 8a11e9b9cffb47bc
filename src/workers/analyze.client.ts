/** The page's one analysis worker, owned by this client (started on first use). */
import { WorkerClient } from './client.ts';
import type { AnalyzeApi } from './analyze.handler.ts';

export const analysisWorker = new WorkerClient<AnalyzeApi>(
  () => new Worker(new URL('./analyze.worker.ts', import.meta.url), { type: 'module' }), 'analysis');
