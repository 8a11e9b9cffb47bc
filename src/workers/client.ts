/**
 * The page side of every worker: one client per worker, owning it (not a React component): the
 * worker starts on the first call, stays for the next ones, and is started afresh after it
 * crashed. Calls are typed from the worker's API object (`WorkerClient<typeof api>`), carry ids,
 * report progress and take an AbortSignal (protocol.ts).
 */
import type { InputOf, ProgressOf, ResultOf, WorkerApi, WorkerRequest, WorkerResponse } from './protocol.ts';

/** What the client needs of a Worker; localWorker (local.ts) is one in the same thread, for tests. */
export interface WorkerPort {
  postMessage(msg: WorkerRequest, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface CallOptions<P> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: P) => void;
  /** Buffers of the input that move to the worker (unusable here afterwards). */
  readonly transfer?: Transferable[];
  /**
   * On abort, wait for the worker's answer instead of rejecting at once: a function that returns
   * what it has when cancelled (generation) resolves with it; the others reject with AbortError.
   */
  readonly settleOnAbort?: boolean;
}

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly onProgress?: (p: unknown) => void;
  readonly cleanup: () => void;
}

const aborted = (signal?: AbortSignal) => signal?.reason instanceof Error ? signal.reason : new DOMException('cancelled', 'AbortError');

export class WorkerClient<A extends WorkerApi> {
  private port: WorkerPort | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  /** `name` goes into messages ("the generation worker failed: …"). */
  constructor(private readonly create: () => WorkerPort, private readonly name: string) {}

  call<M extends keyof A & string>(method: M, input: InputOf<A[M]>, o: CallOptions<ProgressOf<A[M]>> = {}): Promise<ResultOf<A[M]>> {
    const { signal } = o;
    if (signal?.aborted) return Promise.reject(aborted(signal));
    const port = this.started();
    const id = ++this.nextId;
    return new Promise<ResultOf<A[M]>>((resolve, reject) => {
      const onAbort = () => {
        port.postMessage({ type: 'cancel', id });
        if (o.settleOnAbort) return;
        this.settle(id);
        reject(aborted(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void, reject, onProgress: o.onProgress as ((p: unknown) => void) | undefined,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      port.postMessage({ type: 'call', id, method, input }, o.transfer ?? []);
    });
  }

  /** Stops the worker; calls in flight reject. The next call starts a new one. */
  terminate(): void {
    this.port?.terminate();
    this.port = null;
    this.failAll(new DOMException(`the ${this.name} worker was stopped`, 'AbortError'));
  }

  private started(): WorkerPort {
    if (this.port) return this.port;
    const port = this.create();
    port.onmessage = (e) => this.receive(e.data);
    port.onerror = (e) => {
      // an uncaught error or a crash (out of memory) ends every call: the worker is not trusted again
      e.preventDefault?.();
      port.terminate();
      if (this.port === port) this.port = null;
      this.failAll(new Error(`the ${this.name} worker failed: ${e.message || 'it stopped (out of memory?)'}`));
    };
    this.port = port;
    return port;
  }

  private receive(m: WorkerResponse): void {
    const p = this.pending.get(m.id);
    if (!p) return; // a cancelled call's late message
    if (m.type === 'progress') return p.onProgress?.(m.progress);
    this.settle(m.id);
    if (m.type === 'result') p.resolve(m.result);
    else if (m.type === 'cancelled') p.reject(new DOMException('cancelled', 'AbortError'));
    else p.reject(Object.assign(new Error(m.message), { name: m.name }));
  }

  private settle(id: number): void {
    this.pending.get(id)?.cleanup();
    this.pending.delete(id);
  }

  private failAll(e: unknown): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) { p.cleanup(); p.reject(e); }
  }
}
