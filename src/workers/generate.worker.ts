/// <reference lib="webworker" />
/**
 * Generation off the main thread: the browser's host for generate.handler.ts — packs fetched with
 * progress and kept in Cache Storage (fetch-pack.ts), graphs opened on onnxruntime-web
 * (ort-web.ts), WebGPU when the browser has an adapter.
 */
import { fetchPackReader } from '../runtime/fetch-pack.ts';
import { webGpuMissing, webSessionOpener } from '../runtime/ort-web.ts';
import { createGenerateApi } from './generate.handler.ts';
import { serveHere } from './serve.ts';

// A MessageChannel task, not setTimeout: nested timers are clamped to 4 ms, a step takes about 10.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

serveHere(createGenerateApi({
  reader: (baseUrl, onProgress, signal, cachedOnly) => fetchPackReader({ baseUrl, onProgress, signal, cachedOnly }),
  opener: webSessionOpener,
  webgpuMissing: webGpuMissing,
  yieldToEvents: () => new Promise<void>((resolve) => { waiting.push(resolve); channel.port2.postMessage(null); }),
}));
