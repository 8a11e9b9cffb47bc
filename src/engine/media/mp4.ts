/**
 * Reads what the studio needs from an MP4/MOV file's boxes without loading the file: whether it
 * is cut short (a box claims more bytes than the file has), and the video track's size, frame
 * rate and duration from moov (tkhd, mdhd, stts). Only box headers and the moov box are read
 * (a few KB to a few MB even for an hour of 1080p), through a random-access `readAt`.
 */
import { MAX_TOP_LEVEL_BOXES, boxAt, child, children, dataView, fourcc, path, tableLength, topLevel, u64, type Box, type ReadAt } from './boxes.ts';

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

/** The top-level boxes (ftyp, moov, mdat, …), reading 16 bytes per box. */
export async function topLevelBoxes(readAt: ReadAt, fileSize: number): Promise<TopLevel> {
  const boxes: Box[] = [];
  for await (const box of topLevel(readAt, fileSize)) boxes.push(box);
  const end = boxes.length ? boxes[boxes.length - 1].end : 0;
  // Short of the end only because of a bad header; a walk cut at the box limit is not truncation.
  const truncated = end > fileSize || (end < fileSize && boxes.length < MAX_TOP_LEVEL_BOXES);
  return { boxes, truncated };
}

/** The handler type of a trak ('vide', 'soun', …), from mdia/hdlr; '' when absent. */
export function handlerOf(b: Uint8Array, trak: Box): string {
  const hdlr = path(b, trak, 'mdia', 'hdlr');
  return hdlr ? fourcc(b, hdlr.start + 8) : '';
}

/** mdhd's timescale (ticks per second) and duration in ticks; zeros when absent. */
export function mediaHeader(b: Uint8Array, trak: Box): { timescale: number; units: number } {
  const mdhd = path(b, trak, 'mdia', 'mdhd');
  if (!mdhd) return { timescale: 0, units: 0 };
  const v = dataView(b);
  const v1 = b[mdhd.start] === 1; // version 1 has 64-bit times
  return {
    timescale: v.getUint32(mdhd.start + (v1 ? 20 : 12)),
    units: v1 ? u64(v, mdhd.start + 24) : v.getUint32(mdhd.start + 16),
  };
}

function parseTrack(b: Uint8Array, trak: Box): Mp4Track {
  const v = dataView(b);
  const tkhd = child(b, trak, 'tkhd');
  const stts = path(b, trak, 'mdia', 'minf', 'stbl', 'stts');
  const handler = handlerOf(b, trak);
  // tkhd ends with width and height as 16.16 fixed point.
  const width = tkhd ? Math.round(v.getUint32(tkhd.end - 8) / 65536) : 0;
  const height = tkhd ? Math.round(v.getUint32(tkhd.end - 4) / 65536) : 0;
  const { timescale, units } = mediaHeader(b, trak);
  let samples = 0;
  let ticks = 0;
  if (stts) {
    for (let i = 0, n = tableLength(b, stts, 8); i < n; i++) {
      const count = v.getUint32(stts.start + 8 + i * 8);
      samples += count;
      ticks += count * v.getUint32(stts.start + 12 + i * 8);
    }
  }
  const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
  const rate = timescale && ticks ? Math.round((samples * timescale * 1000) / ticks) / 1000 : 0;
  return { kind, width, height, duration: timescale ? units / timescale : 0, samples, rate };
}

/** Top-level layout plus the tracks described by moov (none when moov is missing or cut off). */
export async function readMp4Info(readAt: ReadAt, fileSize: number): Promise<Mp4Info> {
  const top = await topLevelBoxes(readAt, fileSize);
  const found = top.boxes.find((x) => x.type === 'moov');
  if (!found || found.end > fileSize || found.size > MAX_MOOV) return { ...top, tracks: [] };
  const b = await readAt(found.offset, found.size);
  const moov = boxAt(b, 0, b.length);
  if (!moov) return { ...top, tracks: [] };
  const tracks = [...children(b, moov)].filter((c) => c.type === 'trak').map((t) => parseTrack(b, t));
  return { ...top, tracks };
}
