/**
 * The codec pack the codec specs judge: the one the app ships. One constant, so the next pack is
 * one line here. CODEC_PACK=<dir> in the environment points the specs at another pack for a run
 * (e.g. `CODEC_PACK=public/models/codec-v1/ npx vitest run test/codec`), without editing this.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODEC_PACK = process.env.CODEC_PACK ?? 'public/models/codec-v2/';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Absolute path of the pack folder. */
export const CODEC_PACK_DIR = resolve(ROOT, CODEC_PACK);
/** A pack still being trained has no folder yet: its specs skip instead of failing CI. */
export const HAS_CODEC_PACK = existsSync(join(CODEC_PACK_DIR, 'manifest.json'));
export const SKIP_REASON = `skipped: no codec pack at ${CODEC_PACK} (not trained yet)`;
