/// <reference lib="webworker" />
/** Reference-track extraction off the main thread: a thin adapter, the function is in extract.handler.ts. */
import { createExtractApi } from './extract.handler.ts';
import { serveHere } from './serve.ts';

serveHere(createExtractApi());
