/// <reference lib="webworker" />
/** Video analysis off the main thread: a thin adapter, all logic is in analyze.handler.ts. */
import { createAnalyzeHandler } from './analyze.handler.ts';
import type { AnalyzeRequest, AnalyzeResponse } from './analyze.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createAnalyzeHandler((msg: AnalyzeResponse, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []));
scope.onmessage = (e: MessageEvent<AnalyzeRequest>) => handle(e.data);
