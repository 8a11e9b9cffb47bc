/**
 * The one worker client (src/workers/client.ts) against real worker functions served in this
 * thread (local.ts): ids keep concurrent calls apart, progress reaches the caller, a cancel
 * aborts the function's signal, a function that returns on abort keeps its answer
 * (settleOnAbort), and a crashed worker fails its calls and is started afresh.
 */
import { describe, expect, it } from 'vitest';
import { WorkerClient, type WorkerPort } from '../../src/workers/client.ts';
import { localWorker } from '../../src/workers/local.ts';
import { transferring, type Call } from '../../src/workers/protocol.ts';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

function api() {
  return {
    double: (x: number) => 2 * x,
    /** Counts to n, one number a task; on abort returns how far it got. */
    async count(n: number, call: Call<number>): Promise<{ reached: number }> {
      let i = 0;
      for (; i < n && !call.signal.aborted; i++) { call.progress(i); await tick(); }
      return { reached: i };
    },
    async strict(_: void, call: Call<never>): Promise<string> {
      for (;;) { await tick(); call.signal.throwIfAborted(); }
    },
    fail: (): never => { throw new RangeError('out of bounds'); },
    moved: (n: number) => { const a = new Float32Array(n).fill(1.5); return transferring({ a }, [a.buffer]); },
  };
}

describe('WorkerClient', () => {
  it('answers concurrent calls by id, with their progress, typed from the functions', async () => {
    const c = new WorkerClient<ReturnType<typeof api>>(() => localWorker(api()), 'test');
    const seen: number[] = [];
    const [a, b, d] = await Promise.all([c.call('double', 21), c.call('count', 3, { onProgress: (p) => seen.push(p) }), c.call('moved', 4)]);
    expect(a).toBe(42);
    expect(b).toEqual({ reached: 3 });
    expect(seen).toEqual([0, 1, 2]);
    expect(Array.from(d.a)).toEqual([1.5, 1.5, 1.5, 1.5]);
  });

  it('an error keeps its name and message', async () => {
    const c = new WorkerClient<ReturnType<typeof api>>(() => localWorker(api()), 'test');
    await expect(c.call('fail', undefined)).rejects.toMatchObject({ name: 'RangeError', message: 'out of bounds' });
  });

  it('abort rejects at once and the function sees its signal; settleOnAbort keeps what the function returned', async () => {
    const port = localWorker(api());
    const c = new WorkerClient<ReturnType<typeof api>>(() => port, 'test');
    const ctl = new AbortController();
    const strict = c.call('strict', undefined, { signal: ctl.signal });
    ctl.abort();
    await expect(strict).rejects.toMatchObject({ name: 'AbortError' });
    await tick(); await tick();
    expect(port.seen.at(-1)).toEqual({ type: 'cancelled', id: 1 });

    const ctl2 = new AbortController();
    const kept = c.call('count', 1000, { signal: ctl2.signal, settleOnAbort: true, onProgress: (i) => { if (i === 5) ctl2.abort(); } });
    const r = await kept;
    expect(r.reached).toBeGreaterThanOrEqual(6);
    expect(r.reached).toBeLessThan(20);
  });

  it('a crashed worker fails the calls in flight with a message and the next call starts a new one', async () => {
    const ports: WorkerPort[] = [];
    const c = new WorkerClient<ReturnType<typeof api>>(() => { const p = localWorker(api()); ports.push(p); return p; }, 'generation');
    const running = c.call('count', 1000);
    await tick();
    ports[0].onerror!({ message: 'Out of memory', preventDefault() {} } as ErrorEvent);
    await expect(running).rejects.toThrow('the generation worker failed: Out of memory');
    expect(await c.call('double', 2)).toBe(4);
    expect(ports).toHaveLength(2);
  });
});
