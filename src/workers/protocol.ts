/**
 * The one message protocol of every worker (analysis, extraction, generation). A worker serves an
 * API object — plain functions `(input, call) → output` (serve.ts) — and the page calls it through
 * one client (client.ts) whose types are read off that object (`typeof api`), so the two sides
 * cannot drift (squoosh's shape). Every message carries the id of its call: after a cancel, late
 * messages of that call are recognised and dropped.
 */

export type WorkerRequest =
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly input: unknown }
  | { readonly type: 'cancel'; readonly id: number };

export type WorkerResponse =
  | { readonly type: 'progress'; readonly id: number; readonly progress: unknown }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly name: string }
  | { readonly type: 'cancelled'; readonly id: number };

/** What a worker function gets besides its input. */
export interface Call<P = never> {
  /** Aborted when the page cancels the call: check it between steps (house rule 2). */
  readonly signal: AbortSignal;
  /** Reports progress to the page; `transfer` moves buffers instead of copying them. */
  progress(p: P, transfer?: Transferable[]): void;
}

/** A result whose buffers move to the page instead of being copied. */
export class Transferring<T> {
  constructor(readonly value: T, readonly transfer: Transferable[]) {}
}

export const transferring = <T>(value: T, transfer: Transferable[]): Transferring<T> => new Transferring(value, transfer);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WorkerFunction = (input: any, call: Call<any>) => unknown;
export type WorkerApi = Readonly<Record<string, WorkerFunction>>;

export type InputOf<F> = F extends (input: infer I, ...rest: never[]) => unknown ? I : never;
export type ProgressOf<F> = F extends (input: never, call: Call<infer P>) => unknown ? P : never;
type Unwrap<T> = T extends Transferring<infer V> ? V : T;
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Unwrap<Awaited<R>> : never;
