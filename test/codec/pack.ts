/**
 * The codec packs the codec specs judge. CODEC_PACK=<dir> in the environment points both specs
 * at another pack for a run (e.g. `CODEC_PACK=/tmp/pack/codec-v2/ npx vitest run test/codec`).
 *
 * - SHIPPED: the pack in the tree, whose decoder basics (interface, files, loudness envelope,
 *   int8 vs fp32) must hold in every CI run.
 * - PITCH: the pack issue 8's pitch bars are held against (pitch.test.ts).
 * Both are the app's codec (SHIPPED_CODEC_NAME); earlier codecs left the tree (git keeps them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIPPED_MUSIC_PACK } from '../../src/engine/pack/offer.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The app's codec pack: the one the shipped music pack's manifest names (`codec.pack`). Specs and
 * scripts read it from there, so shipping another codec moves them all with no name to edit.
 */
export const SHIPPED_CODEC_NAME: string =
  JSON.parse(readFileSync(join(ROOT, 'public/models', SHIPPED_MUSIC_PACK, 'manifest.json'), 'utf8')).codec.pack;
/** Its folder, absolute. */
export const SHIPPED_CODEC_DIR = join(ROOT, 'public/models', SHIPPED_CODEC_NAME);

export interface PackUnderTest {
  /** As given (relative to the repository or absolute). */
  readonly name: string;
  /** Absolute path of the pack folder. */
  readonly dir: string;
  readonly present: boolean;
  readonly skipReason: string;
}

function packUnderTest(name: string): PackUnderTest {
  const dir = resolve(ROOT, name);
  return { name, dir, present: existsSync(join(dir, 'manifest.json')), skipReason: `skipped: no codec pack at ${name} (not shipped yet)` };
}

export const SHIPPED_CODEC = packUnderTest(process.env.CODEC_PACK ?? `public/models/${SHIPPED_CODEC_NAME}/`);
export const PITCH_CODEC = packUnderTest(process.env.CODEC_PACK ?? `public/models/${SHIPPED_CODEC_NAME}/`);
