/**
 * The page's demuxer for WebCodecs: mediabunny reads MP4/MOV (moov at either end, or fragmented)
 * and WebM/MKV from the File in slices, never whole, and gives the first video track's decoder
 * configuration, rotation and colour tag and its packets in decode order. Null for what it cannot
 * read (not one of these containers, no video track, no packets, a codec it does not know): the
 * caller then plays the file in a <video> element instead.
 */
import { BlobSource, EncodedPacketSink, Input, MATROSKA, MP4, QTFF, WEBM, type InputVideoTrack } from 'mediabunny';

export interface VideoPacket {
  readonly data: Uint8Array;
  readonly key: boolean;
  /** Presentation time, seconds from the first frame. */
  readonly pts: number;
  readonly duration: number;
}

export interface DemuxedVideo {
  readonly container: 'mp4' | 'mov' | 'webm' | 'mkv';
  /** WebCodecs codec string ('avc1.64001f', 'vp09.00.10.08', …). */
  readonly codec: string;
  readonly config: VideoDecoderConfig;
  /** Colour matrix the file states: 'bt709', 'bt601', or null when untagged (then BT.601, as ffmpeg assumes). */
  readonly matrix: 'bt709' | 'bt601' | null;
  readonly fullRange: boolean;
  /** Clockwise degrees the picture must be turned for display (phone videos: 90 or 270). */
  readonly rotation: 0 | 90 | 180 | 270;
  /** Seconds, first frame to the end of the last. */
  readonly duration: number;
  /** The track's packets in decode order; reading stops when the loop does. */
  packets(): AsyncGenerator<VideoPacket>;
  /** Frees the reader (its cache of file slices). */
  close(): void;
}

/** File slices mediabunny keeps: a few large reads, bounded memory (what the old demuxer read at a time × 4). */
const CACHE_BYTES = 16 << 20;

const CONTAINERS = [[MP4, 'mp4'], [QTFF, 'mov'], [WEBM, 'webm'], [MATROSKA, 'mkv']] as const;

export async function demuxVideo(file: Blob): Promise<DemuxedVideo | null> {
  const input = new Input({ formats: CONTAINERS.map(([f]) => f), source: new BlobSource(file, { maxCacheSize: CACHE_BYTES }) });
  try {
    const found = await open(input);
    if (!found) input.dispose();
    return found;
  } catch {
    input.dispose(); // unreadable or corrupt: the <video> element (and its messages) take over
    return null;
  }
}

async function open(input: Input): Promise<DemuxedVideo | null> {
  const format = await input.getFormat();
  const container = CONTAINERS.find(([f]) => f === format)?.[1];
  const track = await input.getPrimaryVideoTrack();
  if (!container || !track) return null;
  const config = await track.getDecoderConfig();
  const sink = new EncodedPacketSink(track);
  const first = await sink.getFirstPacket();
  if (!config || !first) return null;
  const start = await track.getFirstTimestamp();
  const duration = (await track.computeDuration()) - start;
  const { matrix, fullRange } = colourOf(await track.getColorSpace());
  return {
    container, codec: config.codec, config, matrix, fullRange, rotation: await rotationOf(track), duration,
    async *packets() {
      for await (const p of sink.packets()) {
        yield { data: p.data, key: p.type === 'key', pts: p.timestamp - start, duration: p.duration };
      }
    },
    close: () => input.dispose(),
  };
}

async function rotationOf(track: InputVideoTrack): Promise<DemuxedVideo['rotation']> {
  const deg = await track.getRotation();
  return (((deg % 360) + 360) % 360) as DemuxedVideo['rotation'];
}

/** WebCodecs matrix names: bt709; smpte170m and bt470bg are BT.601; anything else (or none) counts as untagged. */
function colourOf(c: VideoColorSpaceInit): { matrix: DemuxedVideo['matrix']; fullRange: boolean } {
  const matrix = c.matrix === 'bt709' ? 'bt709' : c.matrix === 'smpte170m' || c.matrix === 'bt470bg' ? 'bt601' : null;
  return { matrix, fullRange: c.fullRange === true };
}
