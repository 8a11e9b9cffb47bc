/**
 * Which music pack the studio offers. By default the shipped one (`SHIPPED_MUSIC_PACK`), and only
 * when its manifest says it is trained (docs/pack-format.md): the app never offers an untrained
 * pack to a person.
 *
 * Test-only: `?test-pack=<folder>` in the page's address loads that pack folder instead and allows
 * an untrained one (the tiny random pack of the e2e tests, whose music is noise); the panel then
 * says it is a test pack. `?backend=wasm|webgpu` forces a backend (else WebGPU when there is an
 * adapter). docs/generation.md "Studio".
 */
import type { Backend } from '../../engine/pack/manifest.ts';
import { SHIPPED_MUSIC_PACK, packOffer } from '../../engine/pack/offer.ts';
import { cachedManifest } from '../../runtime/fetch-pack.ts';

export const DEFAULT_PACK = SHIPPED_MUSIC_PACK;

export interface PackChoice {
  readonly pack: string;
  readonly allowUntrained: boolean;
  readonly backend: Backend | 'auto';
  /** The models folder's URL (no trailing slash). */
  readonly baseUrl: string;
}

export function packChoice(search: string = location.search, base: string = document.baseURI): PackChoice {
  const q = new URLSearchParams(search);
  const test = q.get('test-pack');
  const b = q.get('backend');
  return {
    pack: test && /^[\w.-]+$/.test(test) ? test : DEFAULT_PACK,
    allowUntrained: !!test,
    backend: b === 'wasm' || b === 'webgpu' ? b : 'auto',
    baseUrl: new URL('models', base).href,
  };
}

/** Looks at the pack's manifest only (a few KB): offered or why not. The files load on Generate. */
export async function probePack(
  c: PackChoice, fetchFn: typeof fetch = fetch, cached: (url: string) => Promise<Response | null> = cachedManifest,
): Promise<{ offered: true; trained: boolean } | { offered: false; why: string }> {
  const url = `${c.baseUrl}/${c.pack}/manifest.json`;
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-cache' });
  } catch (e) {
    // offline: the manifest the last load kept beside the pack's files (they load from there too)
    const kept = await cached(url).catch(() => null);
    if (!kept) return { offered: false, why: `${c.pack}/manifest.json cannot be loaded (${e instanceof Error ? e.message : String(e)})` };
    res = kept;
  }
  const missing = { offered: false, why: `No trained music pack is installed (models/${c.pack} is missing)` } as const;
  // a static host answers a missing file with its index page (vite preview does): that is "missing" too
  if (res.status === 404 || (res.ok && /text\/html/.test(res.headers.get('content-type') ?? ''))) return missing;
  if (!res.ok) return { offered: false, why: `${c.pack}/manifest.json cannot be loaded (HTTP ${res.status})` };
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { offered: false, why: `${c.pack}/manifest.json is not JSON` };
  }
  const offer = packOffer(json, c.pack, c.allowUntrained);
  return offer.offered ? { offered: true, trained: offer.trained } : { offered: false, why: offer.why };
}
