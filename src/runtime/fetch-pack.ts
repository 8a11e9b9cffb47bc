/**
 * Packs over HTTP for the page and its workers: a ReadPackFile (src/engine/pack/load.ts) on fetch,
 * with progress in bytes, kept in Cache Storage so a second visit loads without the network and
 * works offline. Files are cached under their sha256 (a new pack version is a new key, a stale copy
 * is never served for a changed file, a damaged one is fetched again); manifest.json is asked of the
 * network first and falls back to the cached copy offline. The loader verifies every file after reading.
 */
import { sha256Hex } from '../engine/pack/files.ts';
import type { ReadPackFile } from '../engine/pack/load.ts';

export interface FileProgress {
  readonly pack: string;
  readonly file: string;
  readonly loaded: number;
  /** Bytes expected (the manifest's size; 0 when unknown). */
  readonly total: number;
  readonly fromCache: boolean;
}

export interface FetchPackOptions {
  /** URL of the models folder, e.g. `${location.origin}/models` (no trailing slash). */
  readonly baseUrl: string;
  readonly cacheName?: string;
  readonly onProgress?: (p: FileProgress) => void;
  readonly signal?: AbortSignal;
  /** Injected for tests; default globalThis.fetch / globalThis.caches (absent: no cache). */
  readonly fetchFn?: typeof fetch;
  readonly cacheStorage?: CacheStorage | null;
  /**
   * Only what this device keeps: a file that would come from the network fails with `NotCachedError`
   * instead (manifests are still asked of the network: a few KB). For loading in the background
   * without downloading a pack the person has not asked for.
   */
  readonly cachedOnly?: boolean;
}

/** A pack file is not in Cache Storage and the reader was told not to download it. */
export class NotCachedError extends Error {
  override name = 'NotCached';
}

async function readBody(res: Response, report: (loaded: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader(), parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.byteLength;
    report(loaded);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

/** The Cache Storage cache the packs live in. */
export const PACK_CACHE = 'undertone-packs';

/**
 * The copy of a pack's manifest.json the last visit stored (fetchPackReader keeps it under its
 * plain URL), for when the network is gone; null when there is none or no Cache Storage.
 */
export async function cachedManifest(url: string, storage: CacheStorage | null = globalThis.caches ?? null): Promise<Response | null> {
  if (!storage) return null;
  return (await (await storage.open(PACK_CACHE)).match(url)) ?? null;
}

export function fetchPackReader(o: FetchPackOptions): ReadPackFile {
  const fetchFn = o.fetchFn ?? globalThis.fetch.bind(globalThis);
  const storage = o.cacheStorage === undefined ? (globalThis.caches ?? null) : o.cacheStorage;
  const cacheName = o.cacheName ?? PACK_CACHE;
  return async (pack, file, expect) => {
    const url = `${o.baseUrl}/${pack}/${file}`;
    const key = expect ? `${url}?sha256=${expect.sha256}` : url;
    const total = expect?.bytes ?? 0;
    const cache = storage ? await storage.open(cacheName) : null;
    const progress = (loaded: number, fromCache: boolean) => o.onProgress?.({ pack, file, loaded, total, fromCache });
    if (expect && cache) {
      const hit = await cache.match(key);
      if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        // a damaged copy is dropped and fetched again instead of failing every visit
        if (await sha256Hex(bytes) === expect.sha256) {
          progress(bytes.byteLength, true);
          return bytes;
        }
        await cache.delete(key);
      }
    }
    if (expect && o.cachedOnly) throw new NotCachedError(`${pack}/${file} is not on this device yet`);
    let res: Response;
    try {
      res = await fetchFn(url, { signal: o.signal, cache: expect ? 'default' : 'no-cache' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      const offline = !expect && cache ? await cache.match(key) : undefined; // the manifest seen last time
      if (offline) return new Uint8Array(await offline.arrayBuffer());
      throw new Error(`${pack}/${file} cannot be loaded from ${url} (${(e as Error).message})`);
    }
    const bytes = await readBody(res, (n) => progress(n, false));
    // only what matches the manifest is kept (the loader still refuses a bad file, naming it)
    if (!expect || (await sha256Hex(bytes)) === expect.sha256) await cache?.put(key, new Response(bytes as Uint8Array<ArrayBuffer>));
    return bytes;
  };
}
