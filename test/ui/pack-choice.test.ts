/**
 * Which pack the studio offers (src/ui/generate/pack-choice.ts), against a real HTTP server: the
 * default pack only when its manifest says trained; the test-only ?test-pack= setting allows the
 * tiny random pack; a missing pack — a 404, or a static host's index page in its place — says so.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packChoice, probePack } from '../../src/ui/generate/pack-choice.ts';
import { TINY_PACK_DIR } from '../generate/tiny-pack.ts';

const tiny = readFileSync(`${TINY_PACK_DIR}manifest.json`, 'utf8');
const trained = JSON.stringify({ ...JSON.parse(tiny), trained: true });
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const routes: Record<string, [string, string]> = {
      '/models/tiny-pack/manifest.json': ['application/json', tiny],
      '/models/music-v8/manifest.json': ['application/json', trained],
      '/spa/models/music-v8/manifest.json': ['text/html', '<!doctype html><title>Undertone</title>'],
    };
    const hit = routes[req.url ?? ''];
    if (!hit) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': hit[0] }).end(hit[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('packChoice', () => {
  it('defaults to music-v8, trained only, auto backend', () => {
    expect(packChoice('', base)).toEqual({ pack: 'music-v8', allowUntrained: false, backend: 'auto', baseUrl: `${base}models` });
  });

  it('?test-pack= names a folder and allows an untrained pack; ?backend= forces one; a bad name is ignored', () => {
    expect(packChoice('?test-pack=tiny-pack&backend=wasm', base)).toMatchObject({ pack: 'tiny-pack', allowUntrained: true, backend: 'wasm' });
    expect(packChoice('?test-pack=../etc', base).pack).toBe('music-v8');
  });
});

describe('probePack', () => {
  it('offers a trained pack, and the untrained tiny pack only through the test setting', async () => {
    expect(await probePack(packChoice('', base))).toEqual({ offered: true, trained: true });
    expect(await probePack(packChoice('?test-pack=tiny-pack', base))).toEqual({ offered: true, trained: false });
    expect(await probePack({ ...packChoice('?test-pack=tiny-pack', base), allowUntrained: false })).toEqual({
      offered: false, why: 'tiny-pack is not a trained pack (its manifest does not say "trained": true), so it is not offered' });
  });

  it('offline, the manifest the last load kept is read instead; with none kept it says why', async () => {
    // a host nothing listens on: the fetch itself fails, as it does with no network
    const gone = packChoice('?test-pack=tiny-pack', 'http://127.0.0.1:9/');
    const kept = new Map([[`${gone.baseUrl}/tiny-pack/manifest.json`, tiny]]);
    const cache = async (url: string) => (kept.has(url) ? new Response(kept.get(url)!, { headers: { 'content-type': 'application/json' } }) : null);
    expect(await probePack(gone, fetch, cache)).toEqual({ offered: true, trained: false });
    const none = await probePack({ ...gone, pack: 'music-v8' }, fetch, cache);
    expect(none.offered).toBe(false);
    expect(!none.offered && none.why).toMatch(/^music-v8\/manifest.json cannot be loaded \(/);
  });

  it('a missing pack says so, whether the host answers 404 or its index page', async () => {
    const missing = { offered: false, why: 'No trained music pack is installed (models/music-v8 is missing)' };
    expect(await probePack(packChoice('', `${base}nothing/`))).toEqual(missing);
    expect(await probePack(packChoice('', `${base}spa/`))).toEqual(missing);
  });
});
