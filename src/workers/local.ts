/**
 * A worker API served in the same thread behind the WorkerPort interface: what tests use to drive
 * a real client against a real API without a browser. Messages are structured-cloned with their
 * transfer lists, as postMessage does, so a transferred buffer is detached here too.
 */
import type { WorkerPort } from './client.ts';
import type { WorkerApi, WorkerRequest, WorkerResponse } from './protocol.ts';
import { serve } from './serve.ts';

export function localWorker(api: WorkerApi): WorkerPort & { readonly seen: WorkerResponse[] } {
  const seen: WorkerResponse[] = [];
  let closed = false;
  const port: WorkerPort & { seen: WorkerResponse[] } = {
    seen,
    onmessage: null,
    onerror: null,
    postMessage(msg: WorkerRequest, transfer: Transferable[] = []) {
      const copy = structuredClone(msg, { transfer });
      setTimeout(() => { if (!closed) void handle(copy); }, 0); // a worker answers on a later task
    },
    terminate() { closed = true; },
  };
  const handle = serve(api, (msg, transfer = []) => {
    if (closed) return;
    const copy = structuredClone(msg, { transfer });
    seen.push(copy);
    setTimeout(() => port.onmessage?.({ data: copy } as MessageEvent<WorkerResponse>), 0);
  });
  return port;
}
