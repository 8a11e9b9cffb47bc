/**
 * Just enough of an MP4/MOV demuxer to feed WebCodecs: the first video track's H.264 sample table
 * (offsets, sizes, presentation times, key frames), its decoder configuration, rotation and
 * colour, from the bytes of the `moov` box. Pure: the page reads moov from the File
 * (ui/analysis/mp4.ts) and the samples later, in large slices. Null for what it does not handle
 * (fragmented MP4, other codecs) so the caller falls back to the <video> element.
 */
import { boxAt, boxesIn, child, children, dataView, fourcc, path, tableLength, u64, type Box } from './boxes.ts';
import { handlerOf, mediaHeader } from './mp4.ts';

export interface Mp4Sample {
  /** File offset of the sample's bytes. */
  readonly offset: number;
  readonly size: number;
  /** Presentation time, seconds from the first frame. */
  readonly pts: number;
  readonly duration: number;
  readonly key: boolean;
}

export interface Mp4Video {
  readonly codec: string;
  readonly description: Uint8Array;
  readonly codedWidth: number;
  readonly codedHeight: number;
  /** Colour matrix from the sample entry's `colr` box: 'bt709', 'bt601', or null when untagged. */
  readonly matrix: 'bt709' | 'bt601' | null;
  readonly fullRange: boolean;
  /** Clockwise degrees the picture must be turned for display (phone videos: 90 or 270). */
  readonly rotation: 0 | 90 | 180 | 270;
  readonly duration: number;
  /** In decode order. */
  readonly samples: readonly Mp4Sample[];
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** The first video track of a moov box (its bytes, header included); null when not H.264 or fragmented. */
export function parseVideoTrack(b: Uint8Array): Mp4Video | null {
  const moov = boxAt(b, 0, b.length);
  if (!moov || moov.type !== 'moov') return null;
  if (child(b, moov, 'mvex')) return null; // fragmented: samples live in moof boxes
  for (const trak of children(b, moov)) {
    if (trak.type === 'trak' && handlerOf(b, trak) === 'vide') return parseTrack(b, trak);
  }
  return null;
}

function parseTrack(b: Uint8Array, trak: Box): Mp4Video | null {
  const view = dataView(b);
  const stbl = path(b, trak, 'mdia', 'minf', 'stbl');
  const stsd = stbl && child(b, stbl, 'stsd');
  if (!path(b, trak, 'mdia', 'mdhd') || !stbl || !stsd) return null;
  const { timescale } = mediaHeader(b, trak);

  // stsd: version/flags, entry count, then sample entries; an avc1 entry's boxes follow 78 bytes
  // of VisualSampleEntry fields (ISO/IEC 14496-12 §12.1.3).
  const entry = boxesIn(b, stsd.start + 8, stsd.end).next().value;
  if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) return null;
  const codedWidth = view.getUint16(entry.start + 24);
  const codedHeight = view.getUint16(entry.start + 26);
  const entryBoxes = [...boxesIn(b, entry.start + 78, entry.end)];
  const avcC = entryBoxes.find((x) => x.type === 'avcC');
  const colour = colourOf(b, entryBoxes.find((x) => x.type === 'colr'));
  if (!avcC) return null;
  const description = b.slice(avcC.start, avcC.end); // a copy: the decoder may outlive moov's bytes
  const codec = `avc1.${hex2(description[1])}${hex2(description[2])}${hex2(description[3])}`;

  const stsz = child(b, stbl, 'stsz');
  const stsc = child(b, stbl, 'stsc');
  const stco = child(b, stbl, 'stco');
  const co64 = child(b, stbl, 'co64');
  const stts = child(b, stbl, 'stts');
  if (!stsz || !stsc || !(stco || co64) || !stts) return null;
  const samples = sampleTable(b, { stsz, stsc, stco, co64, stts, ctts: child(b, stbl, 'ctts'), stss: child(b, stbl, 'stss') }, timescale);
  return { codec, description, codedWidth, codedHeight, ...colour, rotation: rotationOf(b, trak), ...samples };
}

interface Tables {
  readonly stsz: Box;
  readonly stsc: Box;
  readonly stco?: Box;
  readonly co64?: Box;
  readonly stts: Box;
  readonly ctts?: Box;
  readonly stss?: Box;
}

/** Expands the stbl tables into one record per sample, in decode order. */
function sampleTable(b: Uint8Array, t: Tables, timescale: number): Pick<Mp4Video, 'samples' | 'duration'> {
  const view = dataView(b);
  const u32 = (box: Box, i: number): number => view.getUint32(box.start + i);
  // stsz: one size for all samples, or 0 and then a size per sample.
  const fixed = u32(t.stsz, 4);
  const count = fixed ? u32(t.stsz, 8) : tableLength(b, t.stsz, 4, 8);
  const sizes = Array.from({ length: count }, (_, i) => (fixed || u32(t.stsz, 12 + 4 * i)));

  // Samples sit back to back in chunks; stsc gives samples per chunk in runs of chunks.
  const chunks = t.stco
    ? Array.from({ length: tableLength(b, t.stco, 4) }, (_, i) => u32(t.stco!, 8 + 4 * i))
    : Array.from({ length: tableLength(b, t.co64!, 8) }, (_, i) => u64(view, t.co64!.start + 8 + 8 * i));
  const offsets = new Array<number>(count);
  const runs = Array.from({ length: tableLength(b, t.stsc, 12) }, (_, i) => ({ first: u32(t.stsc, 8 + 12 * i) - 1, per: u32(t.stsc, 12 + 12 * i) }));
  let s = 0;
  for (let r = 0; r < runs.length && s < count; r++) {
    const lastChunk = r + 1 < runs.length ? runs[r + 1].first : chunks.length;
    for (let c = runs[r].first; c < lastChunk && s < count; c++) {
      let off = chunks[c];
      for (let k = 0; k < runs[r].per && s < count; k++, s++) {
        offsets[s] = off;
        off += sizes[s];
      }
    }
  }

  // Decode times from stts runs; a table shorter than stsz leaves zero-length samples at the end.
  const dts: number[] = [], durations: number[] = [];
  let time = 0;
  for (let e = 0, n = tableLength(b, t.stts, 8); e < n; e++) {
    const c = u32(t.stts, 8 + 8 * e), d = u32(t.stts, 12 + 8 * e);
    for (let k = 0; k < c && dts.length < count; k++) { dts.push(time); durations.push(d); time += d; }
  }
  while (dts.length < count) { dts.push(time); durations.push(0); }
  // ctts shifts presentation from decode time (B-frames); signed, as version 1 allows.
  const shift = new Array<number>(count).fill(0);
  if (t.ctts) {
    let i = 0;
    for (let e = 0, n = tableLength(b, t.ctts, 8); e < n; e++) {
      const c = u32(t.ctts, 8 + 8 * e), o = view.getInt32(t.ctts.start + 12 + 8 * e);
      for (let k = 0; k < c && i < count; k++) shift[i++] = o;
    }
  }
  // No stss means every sample is a sync sample.
  const keys = new Set<number>();
  if (t.stss) for (let e = 0, n = tableLength(b, t.stss, 4); e < n; e++) keys.add(u32(t.stss, 8 + 4 * e) - 1);

  const pts = dts.map((d, i) => d + shift[i]);
  const first = Math.min(...pts);
  const samples = sizes.map((size, i) => ({
    offset: offsets[i], size, pts: (pts[i] - first) / timescale, duration: durations[i] / timescale, key: t.stss ? keys.has(i) : true,
  }));
  return { samples, duration: time / timescale };
}

/** The display rotation from tkhd's matrix, whose a and b (16.16 fixed point) are cos and sin of the angle. */
function rotationOf(b: Uint8Array, trak: Box): Mp4Video['rotation'] {
  const tkhd = child(b, trak, 'tkhd');
  if (!tkhd) return 0;
  const view = dataView(b);
  const m = tkhd.start + (b[tkhd.start] === 1 ? 36 : 24) + 16;
  const cos = view.getInt32(m) / 65536, sin = view.getInt32(m + 4) / 65536;
  const deg = Math.round((Math.atan2(sin, cos) * 180) / Math.PI / 90) * 90;
  return (((deg % 360) + 360) % 360) as Mp4Video['rotation'];
}

/** ISO/IEC 23091-2 matrix coefficients: 1 = BT.709, 5/6 = BT.601; nclx carries the range bit. */
function colourOf(b: Uint8Array, colr: Box | undefined): { matrix: Mp4Video['matrix']; fullRange: boolean } {
  if (!colr || colr.end - colr.start < 10) return { matrix: null, fullRange: false };
  const kind = fourcc(b, colr.start);
  if (kind !== 'nclx' && kind !== 'nclc') return { matrix: null, fullRange: false };
  const m = dataView(b).getUint16(colr.start + 8);
  const fullRange = kind === 'nclx' && colr.end - colr.start >= 11 && (b[colr.start + 10] & 0x80) !== 0;
  return { matrix: m === 1 ? 'bt709' : m === 5 || m === 6 ? 'bt601' : null, fullRange };
}
