/**
 * ISO-BMFF (MP4/MOV) box walking, shared by the file check (mp4.ts) and the WebCodecs demuxer
 * (mp4-samples.ts). A box is a 32-bit size, a four-character type, a 64-bit size when the first
 * is 1, and "to the end of the enclosing space" when it is 0. Everything here is bounds-checked:
 * a box that claims more bytes than there are ends the walk instead of throwing, so a cut-off or
 * corrupt file gives fewer boxes, never an exception.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). Blob.slice in the page, a Buffer in tests. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export interface Box {
  readonly type: string;
  /** Where the header begins. */
  readonly offset: number;
  /** Whole box, header included. */
  readonly size: number;
  /** Header bytes: 8, or 16 with a 64-bit size. */
  readonly header: number;
  /** The payload is [start, end): offset + header, offset + size. */
  readonly start: number;
  readonly end: number;
}

/** More top-level boxes than any real file has; stops a walk over junk that happens to parse. */
export const MAX_TOP_LEVEL_BOXES = 10_000;

export const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
export const dataView = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
/** Exact up to 2^53, where a Number stops being exact anyway; no BigInt needed. */
export const u64 = (v: DataView, at: number): number => v.getUint32(at) * 2 ** 32 + v.getUint32(at + 4);

/**
 * The box whose header is at b[at], in a space that ends at b[end] (where a size-0 box ends).
 * `base` is the file offset of b[0], so boxes read from a slice carry file offsets. Null when
 * the header itself does not fit in b or is smaller than a header; the box may still run past
 * `end` (the caller decides whether that means "truncated" or "stop").
 */
export function boxAt(b: Uint8Array, at: number, end: number, base = 0): Box | null {
  if (at < 0 || at + 8 > b.length) return null;
  const v = dataView(b);
  let size = v.getUint32(at);
  let header = 8;
  if (size === 1) {
    if (at + 16 > b.length) return null;
    size = u64(v, at + 8);
    header = 16;
  } else if (size === 0) size = end - at;
  if (size < header) return null;
  const offset = base + at;
  return { type: fourcc(b, at + 4), offset, size, header, start: offset + header, end: offset + size };
}

/** Boxes laid end to end in b[start, end), stopping at the first that does not fit. */
export function* boxesIn(b: Uint8Array, start: number, end: number): Generator<Box> {
  const limit = Math.min(end, b.length); // a box cut off by the read is walked as far as it goes
  for (let at = start; at + 8 <= limit; ) {
    const box = boxAt(b, at, limit);
    if (!box || box.end > limit) return;
    yield box;
    at = box.end;
  }
}

export const children = (b: Uint8Array, parent: Box): Generator<Box> => boxesIn(b, parent.start, parent.end);

export function child(b: Uint8Array, parent: Box, type: string): Box | undefined {
  for (const c of children(b, parent)) if (c.type === type) return c;
  return undefined;
}

/** The box at parent/types[0]/types[1]/…, first match at each level. */
export function path(b: Uint8Array, parent: Box | undefined, ...types: string[]): Box | undefined {
  for (const t of types) parent = parent && child(b, parent, t);
  return parent;
}

/**
 * The entry count of a sample table (version and flags, then a u32 count at `countAt`, then
 * fixed-size entries), capped at the entries the box really holds: a corrupt count cannot make
 * a reader run into the next box or off the end of the bytes.
 */
export function tableLength(b: Uint8Array, box: Box, entryBytes: number, countAt = 4): number {
  const end = Math.min(box.end, b.length);
  if (box.start + countAt + 4 > end) return 0;
  const fits = Math.floor((end - box.start - countAt - 4) / entryBytes);
  return Math.min(dataView(b).getUint32(box.start + countAt), fits);
}

/**
 * Top-level boxes one at a time (ftyp, moov, mdat, …), reading 16 bytes per box so that a
 * multi-GB mdat is skipped, not read. Stops after a box that runs past the end of the file, at
 * a header that cannot be a box (too short, or a type that is not printable ASCII), or after
 * MAX_TOP_LEVEL_BOXES. Callers can stop early (the demuxer stops at moov).
 */
export async function* topLevel(readAt: ReadAt, fileSize: number): AsyncGenerator<Box> {
  for (let at = 0, n = 0; at < fileSize && n < MAX_TOP_LEVEL_BOXES; n++) {
    const box = boxAt(await readAt(at, 16), 0, fileSize - at, at);
    if (!box || !/^[\x20-\x7e]{4}$/.test(box.type)) return;
    yield box;
    if (box.end > fileSize) return;
    at = box.end;
  }
}
