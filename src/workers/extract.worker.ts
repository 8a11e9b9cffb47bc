/// <reference lib="webworker" />
/** Reference-track extraction off the main thread: a thin adapter, the logic is in extract.handler.ts. */
import { createExtractHandler } from './extract.handler.ts';
import type { ExtractRequest, ExtractResponse } from './extract.protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createExtractHandler((msg: ExtractResponse) => scope.postMessage(msg));
scope.onmessage = (e: MessageEvent<ExtractRequest>) => void handle(e.data);
