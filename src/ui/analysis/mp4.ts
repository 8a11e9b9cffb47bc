/**
 * The page's side of the MP4 demuxer: finds `moov` in the File by walking top-level box headers
 * (it may sit after a multi-GB `mdat`, so nothing else is read) and hands its bytes to the
 * engine's sample-table parser. The samples themselves are read later, in large slices.
 */
import { topLevel } from '../../engine/media/boxes.ts';
import { parseVideoTrack, type Mp4Video } from '../../engine/media/mp4-samples.ts';
import { blobReader } from '../media/checkFile.ts';

export async function parseMp4(file: Blob): Promise<Mp4Video | null> {
  const read = blobReader(file);
  for await (const box of topLevel(read, file.size)) {
    if (box.offset === 0 && box.type !== 'ftyp') return null; // not an MP4/MOV
    if (box.type === 'moov') return parseVideoTrack(await read(box.offset, box.size));
  }
  return null;
}
