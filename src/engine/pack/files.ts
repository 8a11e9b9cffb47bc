/**
 * A pack's files: which file runs a graph on a backend, and verification of a file's bytes
 * against the manifest (size, then sha256), so a truncated download or a swapped file is refused
 * with a message that names it. WebCrypto's digest exists in browsers, workers and Node alike.
 */
import { PackFormatError } from './check.ts';
import { MUSIC_GRAPHS, OPTIONAL_MUSIC_GRAPHS, type Backend, type CodecManifest, type MusicGraph, type MusicManifest, type PackFile } from './manifest.ts';

/** The graphs a pack has: the three every pack has, then those of its optional ones it has (prefill). */
export function packGraphs(m: MusicManifest): MusicGraph[] {
  return [...MUSIC_GRAPHS, ...OPTIONAL_MUSIC_GRAPHS.filter((g) => m.graphs[g] !== undefined)];
}

/** The file that runs music graph `graph` on `backend`: the variant if the manifest names one. */
export function musicGraphFile(m: MusicManifest, graph: MusicGraph, backend: Backend): PackFile {
  return m.files[m.variants[backend]?.[graph] ?? graph];
}

/** The codec's decoder on `backend`: the first of the backend's preferences that is a decoder. */
export function codecDecoderFile(m: CodecManifest, backend: Backend): PackFile {
  const key = (m.variants[backend] ?? []).find((k) => k.startsWith('decoder')) ?? 'decoder';
  const f = m.files[key];
  if (!f) throw new PackFormatError(`${m.name}: manifest.files has no decoder for ${backend}`);
  return f;
}

export class PackFileError extends Error {
  override name = 'PackFileError';
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Throws PackFileError naming the pack and file when `bytes` are not the manifest's file. */
export async function verifyFile(pack: string, f: PackFile, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== f.bytes) {
    throw new PackFileError(`${pack}/${f.file} is ${bytes.byteLength} bytes, the manifest says ${f.bytes}: the file is incomplete or another file`);
  }
  const got = await sha256Hex(bytes);
  if (got !== f.sha256) throw new PackFileError(`${pack}/${f.file} does not match its sha256 in the manifest: the file is corrupt or another file`);
}
