/**
 * VideoRef.hash: SHA-256 over the first MiB, the last MiB and the size (8 bytes, little endian).
 * Cheap on a 1 GB file (2 MiB read, never the whole file), stable across renames, and different
 * for files that share a header but not an ending (two cuts of one camera file).
 */
import type { ReadAt } from './mp4.ts';

export const HASH_SPAN = 1024 * 1024;

/** Byte ranges [start, end) that go into the hash, in order. Small files are read once, whole. */
export function hashRanges(size: number): Array<readonly [number, number]> {
  if (size <= 2 * HASH_SPAN) return [[0, size]];
  return [[0, HASH_SPAN], [size - HASH_SPAN, size]];
}

/** The size as 8 little-endian bytes (sizes beyond 2^53 do not occur for files a tab can open). */
export function sizeBytes(size: number): Uint8Array {
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint32(0, size % 2 ** 32, true);
  v.setUint32(4, Math.floor(size / 2 ** 32), true);
  return out;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The hash of a file of `size` bytes read through `readAt` (crypto.subtle: in the page and in Node). */
export async function videoHash(readAt: ReadAt, size: number): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const [s, e] of hashRanges(size)) parts.push(await readAt(s, e - s));
  parts.push(sizeBytes(size));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return toHex(await crypto.subtle.digest('SHA-256', all));
}
