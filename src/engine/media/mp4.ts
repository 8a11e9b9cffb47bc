/**
 * Reads what the studio needs from an MP4/MOV file's boxes without loading the file: whether it
 * is cut short (a box claims more bytes than the file has), and the video track's size, frame
 * rate and duration from moov (tkhd, mdhd, stts). Only box headers and the moov box are read
 * (a few KB to a few MB even for an hour of 1080p), through a random-access `readAt`.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). Blob.slice in the page, a Buffer in tests. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export interface Box {
  readonly type: string;
  readonly offset: number;
  /** Whole box, header included. */
  readonly size: number;
  readonly header: number;
}

export interface TopLevel {
  readonly boxes: readonly Box[];
  /** The last box runs past the end of the file: an interrupted download or copy. */
  readonly truncated: boolean;
}

export interface Mp4Track {
  readonly kind: 'video' | 'audio' | 'other';
  readonly width: number;
  readonly height: number;
  /** Seconds, from the media header. */
  readonly duration: number;
  readonly samples: number;
  /** Average samples per second (frames per second for video); 0 when unknown. */
  readonly rate: number;
}

export interface Mp4Info extends TopLevel {
  readonly tracks: readonly Mp4Track[];
}

/** A moov larger than this is not read (would be a pathological file); tracks stay unknown. */
const MAX_MOOV = 64 * 1024 * 1024;
const MAX_BOXES = 10_000;

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (v: DataView, at: number) => v.getUint32(at) * 2 ** 32 + v.getUint32(at + 4);

function headerAt(b: Uint8Array, at: number, end: number): Box | null {
  if (at + 8 > b.length) return null;
  const v = view(b);
  let size = v.getUint32(at);
  let header = 8;
  if (size === 1) {
    if (at + 16 > b.length) return null;
    size = u64(v, at + 8);
    header = 16;
  } else if (size === 0) size = end - at; // "to the end of the file"
  if (size < header) return null;
  return { type: fourcc(b, at + 4), offset: at, size, header };
}

/** The top-level boxes (ftyp, moov, mdat, …), reading 16 bytes per box. */
export async function topLevelBoxes(readAt: ReadAt, fileSize: number): Promise<TopLevel> {
  const boxes: Box[] = [];
  let at = 0;
  while (at < fileSize && boxes.length < MAX_BOXES) {
    const h = await readAt(at, 16);
    const box = headerAt(h, 0, fileSize - at);
    if (!box || !/^[\x20-\x7e]{4}$/.test(box.type)) return { boxes, truncated: true };
    boxes.push({ ...box, offset: at });
    if (at + box.size > fileSize) return { boxes, truncated: true };
    at += box.size;
  }
  return { boxes, truncated: false };
}

/** Children of the box whose payload is b[start, end). */
function children(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    const box = headerAt(b, at, end);
    if (!box || at + box.size > end) break;
    out.push(box);
    at += box.size;
  }
  return out;
}

const child = (b: Uint8Array, parent: Box, type: string) =>
  children(b, parent.offset + parent.header, parent.offset + parent.size).find((c) => c.type === type);

function parseTrack(b: Uint8Array, trak: Box): Mp4Track {
  const v = view(b);
  const tkhd = child(b, trak, 'tkhd');
  const mdia = child(b, trak, 'mdia');
  const mdhd = mdia && child(b, mdia, 'mdhd');
  const hdlr = mdia && child(b, mdia, 'hdlr');
  const stts = mdia && ((m) => m && child(b, m, 'stbl'))(child(b, mdia, 'minf'));
  const sttsBox = stts && child(b, stts, 'stts');
  const handler = hdlr ? fourcc(b, hdlr.offset + hdlr.header + 8) : '';
  // tkhd ends with width and height as 16.16 fixed point.
  const end = tkhd ? tkhd.offset + tkhd.size : 0;
  const width = tkhd ? Math.round(v.getUint32(end - 8) / 65536) : 0;
  const height = tkhd ? Math.round(v.getUint32(end - 4) / 65536) : 0;
  let timescale = 0;
  let units = 0;
  if (mdhd) {
    const p = mdhd.offset + mdhd.header;
    const v1 = b[p] === 1;
    timescale = v.getUint32(p + (v1 ? 20 : 12));
    units = v1 ? u64(v, p + 24) : v.getUint32(p + 16);
  }
  let samples = 0;
  let ticks = 0;
  if (sttsBox) {
    const p = sttsBox.offset + sttsBox.header;
    const n = v.getUint32(p + 4);
    for (let i = 0; i < n && p + 16 + i * 8 <= sttsBox.offset + sttsBox.size; i++) {
      const count = v.getUint32(p + 8 + i * 8);
      samples += count;
      ticks += count * v.getUint32(p + 12 + i * 8);
    }
  }
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const rate = timescale && ticks ? Math.round((samples * timescale * 1000) / ticks) / 1000 : 0;
  return { kind, width, height, duration: timescale ? units / timescale : 0, samples, rate };
}

/** Top-level layout plus the tracks described by moov (none when moov is missing or cut off). */
export async function readMp4Info(readAt: ReadAt, fileSize: number): Promise<Mp4Info> {
  const top = await topLevelBoxes(readAt, fileSize);
  const moov = top.boxes.find((x) => x.type === 'moov');
  if (!moov || moov.offset + moov.size > fileSize || moov.size > MAX_MOOV) return { ...top, tracks: [] };
  const b = await readAt(moov.offset, moov.size);
  const root: Box = { ...moov, offset: 0 };
  const tracks = children(b, root.header, root.size).filter((c) => c.type === 'trak').map((t) => parseTrack(b, t));
  return { ...top, tracks };
}
