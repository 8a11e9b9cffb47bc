/**
 * The worker side of protocol.ts: serves an API object. Each call gets an AbortController (a
 * 'cancel' aborts it) and a progress function; its return value, or its error, is posted back.
 * A call aborted before it finished answers 'cancelled' unless it returned what it had (a
 * generation keeps the music written before the cancel).
 */
import { Transferring, type Call, type WorkerApi, type WorkerRequest, type WorkerResponse } from './protocol.ts';

export type Post = (msg: WorkerResponse, transfer?: Transferable[]) => void;

export function serve(api: WorkerApi, post: Post): (msg: WorkerRequest) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (msg) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort(new DOMException('cancelled', 'AbortError'));
      return;
    }
    const { id, method, input } = msg;
    const fn = api[method];
    if (!fn) return post({ type: 'error', id, name: 'Error', message: `this worker has no function ${method}` });
    const ctl = new AbortController();
    running.set(id, ctl);
    const call: Call<unknown> = { signal: ctl.signal, progress: (progress, transfer) => post({ type: 'progress', id, progress }, transfer) };
    try {
      const out = await fn(input, call);
      if (out instanceof Transferring) post({ type: 'result', id, result: out.value }, out.transfer);
      else post({ type: 'result', id, result: out });
    } catch (e) {
      if (ctl.signal.aborted) post({ type: 'cancelled', id });
      else post({ type: 'error', id, name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      running.delete(id);
    }
  };
}

/** In a worker: serve `api` on this worker's messages. The worker file is then this one line. */
export function serveHere(api: WorkerApi): void {
  const scope = self as unknown as { postMessage(m: unknown, t: Transferable[]): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
  const handle = serve(api, (m, t) => scope.postMessage(m, t ?? []));
  scope.onmessage = (e) => void handle(e.data);
}
