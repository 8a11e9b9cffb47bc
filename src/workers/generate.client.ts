/** The page's one generation worker, owned by this client (started on first use, kept with its loaded pack). */
import { WorkerClient } from './client.ts';
import type { GenerateApi } from './generate.handler.ts';

export const generationWorker = new WorkerClient<GenerateApi>(
  () => new Worker(new URL('./generate.worker.ts', import.meta.url), { type: 'module' }), 'generation');
