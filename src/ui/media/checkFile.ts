/**
 * The quick checks on a file before any decoder sees it, reading only its head and (for MP4)
 * its box headers and moov: empty, text, audio-only container, cut short. Each failure carries
 * the message the person sees.
 */
import { messages } from '../../engine/media/describe.ts';
import type { ReadAt } from '../../engine/media/boxes.ts';
import { readMp4Info, type Mp4Info } from '../../engine/media/mp4.ts';
import { SNIFF_BYTES, sniffContainer, type Sniffed } from '../../engine/media/sniff.ts';

export class Rejected extends Error {}

export function blobReader(blob: Blob): ReadAt {
  return async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}

export interface Checked {
  readonly sniffed: Sniffed;
  /** MP4/MOV layout and tracks, when the file is one. */
  readonly mp4: Mp4Info | null;
}

export async function checkFile(file: File): Promise<Checked> {
  if (file.size === 0) throw new Rejected(messages.empty(file.name));
  const read = blobReader(file);
  const sniffed = sniffContainer(await read(0, SNIFF_BYTES));
  if (sniffed.kind === 'text') throw new Rejected(messages.text(file.name));
  if (sniffed.kind === 'audio') throw new Rejected(messages.audioOnly(file.name));
  if (sniffed.kind === 'image') throw new Rejected(messages.image(file.name));
  let mp4: Mp4Info | null = null;
  if (sniffed.container === 'mp4') {
    mp4 = await readMp4Info(read, file.size);
    if (mp4.truncated) throw new Rejected(messages.truncated(file.name));
    if (mp4.tracks.length > 0 && !mp4.tracks.some((t) => t.kind === 'video')) throw new Rejected(messages.audioOnly(file.name));
  }
  return { sniffed, mp4 };
}
