/**
 * The page's pack reader on a fake network and a fake Cache Storage: the tiny pack loads over
 * "HTTP" with progress, a second load needs no network, a damaged cached file is fetched again,
 * and offline the last manifest is used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMusicPack } from '../../src/engine/pack/load.ts';
import { fetchPackReader, NotCachedError, type FileProgress } from '../../src/runtime/fetch-pack.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';
import { MODELS, TINY_PACK, TINY_PACK_DIR } from '../generate/tiny-pack.ts';

/** Serves /models/<pack>/<file> from the tiny pack and public/models; counts requests. */
function server() {
  const seen: string[] = [];
  let online = true;
  const fetchFn = (async (url: string) => {
    seen.push(url);
    if (!online) throw new TypeError('Failed to fetch');
    const [pack, file] = url.replace('https://x/models/', '').split('/');
    const dir = pack === TINY_PACK ? TINY_PACK_DIR : join(MODELS, pack);
    try {
      return new Response(new Uint8Array(readFileSync(join(dir, file))));
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as unknown as typeof fetch;
  return { fetchFn, seen, offline: () => { online = false; } };
}

/** A Cache Storage of one Map, enough for the reader. */
function fakeCaches() {
  const store = new Map<string, Uint8Array>();
  const cache = {
    async match(k: string) { const b = store.get(k); return b ? new Response(b.slice()) : undefined; },
    async put(k: string, r: Response) { store.set(k, new Uint8Array(await r.arrayBuffer())); },
    async delete(k: string) { return store.delete(k); },
  };
  return { store, caches: { open: async () => cache } as unknown as CacheStorage };
}

describe('fetchPackReader', () => {
  it('loads over the network with progress, then from the cache, and offline', async () => {
    const net = server(), { store, caches } = fakeCaches(), progress: FileProgress[] = [];
    const read = fetchPackReader({ baseUrl: 'https://x/models', fetchFn: net.fetchFn, cacheStorage: caches, onProgress: (p) => progress.push(p) });
    const first = await loadMusicPack(read, nodeSessionOpener(1), TINY_PACK, 'wasm');
    const step = progress.filter((p) => p.file === 'step.int8.onnx');
    expect(step.at(-1)).toMatchObject({ loaded: first.manifest.files.step_int8.bytes, total: first.manifest.files.step_int8.bytes, fromCache: false });
    const requests = net.seen.length;

    await loadMusicPack(read, nodeSessionOpener(1), TINY_PACK, 'wasm');
    expect(net.seen.slice(requests).every((u) => u.endsWith('manifest.json'))).toBe(true); // only the manifests asked again

    const key = [...store.keys()].find((k) => k.includes('condition_encoder.onnx'))!;
    store.get(key)![50] ^= 1; // a damaged cached copy
    net.offline();
    await expect(loadMusicPack(read, nodeSessionOpener(1), TINY_PACK, 'wasm')).rejects.toThrow(/condition_encoder\.onnx cannot be loaded/);
    expect(store.has(key)).toBe(false); // dropped, to be fetched again online
  });

  it('cached only: reads what the device keeps and downloads nothing else', async () => {
    const net = server(), { caches } = fakeCaches();
    const cachedOnly = fetchPackReader({ baseUrl: 'https://x/models', fetchFn: net.fetchFn, cacheStorage: caches, cachedOnly: true });
    await expect(loadMusicPack(cachedOnly, nodeSessionOpener(1), TINY_PACK, 'wasm')).rejects.toBeInstanceOf(NotCachedError);
    expect(net.seen.every((u) => u.endsWith('manifest.json'))).toBe(true);
    await loadMusicPack(fetchPackReader({ baseUrl: 'https://x/models', fetchFn: net.fetchFn, cacheStorage: caches }), nodeSessionOpener(1), TINY_PACK, 'wasm');
    const requests = net.seen.length;
    await loadMusicPack(cachedOnly, nodeSessionOpener(1), TINY_PACK, 'wasm');
    expect(net.seen.slice(requests).every((u) => u.endsWith('manifest.json'))).toBe(true);
  });
});
