/**
 * Which music packs the studio offers a person: only a pack whose manifest says `"trained": true`
 * (docs/pack-format.md). A pack without it — the tiny random test pack, a fresh random export —
 * writes noise, so it is refused unless the caller explicitly allows untrained packs (the
 * studio's test-only `?test-pack=` setting, docs/generation.md).
 */

/** The trained music pack this version of Undertone ships in public/models/ and offers by default
 * (the studio and `undertone generate`): one name, so a new pack moves both. */
export const SHIPPED_MUSIC_PACK = 'music-v8';

export interface PackOffer {
  readonly offered: boolean;
  readonly trained: boolean;
  /** Why not, in words for the page (empty when offered). */
  readonly why: string;
}

/** `manifest` is the raw manifest.json (validation drops fields it does not type). */
export function packOffer(manifest: unknown, pack: string, allowUntrained: boolean): PackOffer {
  const trained = typeof manifest === 'object' && manifest !== null && (manifest as { trained?: unknown }).trained === true;
  if (trained || allowUntrained) return { offered: true, trained, why: '' };
  return { offered: false, trained, why: `${pack} is not a trained pack (its manifest does not say "trained": true), so it is not offered` };
}
