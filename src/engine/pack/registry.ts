/**
 * Pack kinds: a registry, not a switch (house rule 4). A new kind of pack is one validator plus
 * one line here; `readManifest` reads any pack's manifest.json by the kind it declares.
 */
import { fail, obj } from './check.ts';
import type { CodecManifest, Manifest, MusicManifest } from './manifest.ts';
import { validateCodecManifest, validateMusicManifest } from './validate.ts';

export interface PackKind<M extends Manifest> {
  readonly kind: M['kind'];
  /** One line for messages and docs. */
  readonly what: string;
  validate(json: unknown): M;
}

export const PACK_KINDS = {
  music: { kind: 'music', what: 'video-to-music model: encoders and the KV-cached decoder step', validate: validateMusicManifest },
  codec: { kind: 'codec', what: 'audio codec: tokens ↔ 32 kHz audio', validate: validateCodecManifest },
} as const satisfies { [K in Manifest['kind']]: PackKind<Extract<Manifest, { kind: K }>> };

export type PackKindName = keyof typeof PACK_KINDS;

/** Any manifest, validated by the kind it says it is (or `expect`, when the caller needs one kind). */
export function readManifest(json: unknown, expect: 'music'): MusicManifest;
export function readManifest(json: unknown, expect: 'codec'): CodecManifest;
export function readManifest(json: unknown, expect?: PackKindName): Manifest;
export function readManifest(json: unknown, expect?: PackKindName): Manifest {
  const kind = obj(json, '(root)').kind;
  const known = Object.keys(PACK_KINDS) as PackKindName[];
  if (!known.includes(kind as PackKindName)) fail('kind', known.map((k) => `"${k}"`).join(' or '), kind);
  if (expect && kind !== expect) fail('kind', `"${expect}" here`, kind);
  return PACK_KINDS[kind as PackKindName].validate(json);
}
