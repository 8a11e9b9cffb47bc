/// <reference lib="webworker" />
/** Video analysis off the main thread: a thin adapter, the functions are in analyze.handler.ts. */
import { createAnalyzeApi } from './analyze.handler.ts';
import { serveHere } from './serve.ts';

serveHere(createAnalyzeApi());
