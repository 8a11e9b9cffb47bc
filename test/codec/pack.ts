/**
 * The codec packs the codec specs judge. CODEC_PACK=<dir> in the environment points both specs
 * at another pack for a run (e.g. `CODEC_PACK=/tmp/pack/codec-v2/ npx vitest run test/codec`).
 *
 * - SHIPPED: the pack in the tree, whose decoder basics (interface, files, loudness envelope,
 *   int8 vs fp32) must hold in every CI run.
 * - PITCH: the pack issue 8's pitch bars are held against (pitch.test.ts).
 * Both are codec-v3l since it shipped with music-v5 (2026-12-02); codec-v2 (shipped in session 5)
 * stays in the tree as the codec the tiny random test packs decode with; codec-v1 left it (git keeps it).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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

export const SHIPPED_CODEC = packUnderTest(process.env.CODEC_PACK ?? 'public/models/codec-v3l/');
export const PITCH_CODEC = packUnderTest(process.env.CODEC_PACK ?? 'public/models/codec-v3l/');
