/**
 * Just enough of an MP4/MOV demuxer to feed WebCodecs: the first video track's H.264 sample table
 * (offsets, sizes, presentation times, key frames), its decoder configuration and its rotation.
 * Reads only the box headers and the `moov` box from the File; samples are read later in large
 * slices. Returns null for what it does not handle (fragmented MP4, other codecs, other
 * containers) so the caller falls back to the <video> element.
 */

export interface Mp4Sample {
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

interface Box {
  readonly type: string;
  readonly start: number; // of the payload, within `view`
  readonly end: number;
}

function* boxes(view: DataView, start: number, end: number): Generator<Box> {
  let p = start;
  while (p + 8 <= end) {
    let size = view.getUint32(p);
    const type = String.fromCharCode(view.getUint8(p + 4), view.getUint8(p + 5), view.getUint8(p + 6), view.getUint8(p + 7));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(p + 8));
      header = 16;
    } else if (size === 0) size = end - p;
    if (size < header || p + size > end) return;
    yield { type, start: p + header, end: p + size };
    p += size;
  }
}

const child = (view: DataView, b: Box, type: string): Box | undefined => {
  for (const c of boxes(view, b.start, b.end)) if (c.type === type) return c;
  return undefined;
};

const path = (view: DataView, b: Box | undefined, ...types: string[]): Box | undefined => {
  for (const t of types) b = b && child(view, b, t);
  return b;
};

/** Finds `moov` by walking top-level box headers (it may sit after a multi-GB `mdat`). */
async function readMoov(file: Blob): Promise<DataView | null> {
  let p = 0;
  while (p + 8 <= file.size) {
    const head = new DataView(await file.slice(p, p + 16).arrayBuffer());
    let size = head.getUint32(0);
    const type = String.fromCharCode(head.getUint8(4), head.getUint8(5), head.getUint8(6), head.getUint8(7));
    if (p === 0 && type !== 'ftyp') return null;
    if (size === 1) size = Number(head.getBigUint64(8));
    else if (size === 0) size = file.size - p;
    if (size < 8) return null;
    if (type === 'moov') return new DataView(await file.slice(p, p + size).arrayBuffer());
    p += size;
  }
  return null;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

export async function parseMp4(file: Blob): Promise<Mp4Video | null> {
  const view = await readMoov(file);
  if (!view) return null;
  const moov: Box = { type: 'moov', start: 8, end: view.byteLength };
  if (child(view, moov, 'mvex')) return null; // fragmented: samples live in moof boxes
  for (const trak of boxes(view, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(view, trak, 'mdia', 'hdlr');
    if (!hdlr || view.getUint32(hdlr.start + 8) !== 0x76696465 /* 'vide' */) continue;
    return parseTrack(view, trak);
  }
  return null;
}

function parseTrack(view: DataView, trak: Box): Mp4Video | null {
  const mdhd = path(view, trak, 'mdia', 'mdhd');
  const stbl = path(view, trak, 'mdia', 'minf', 'stbl');
  const stsd = stbl && child(view, stbl, 'stsd');
  if (!mdhd || !stbl || !stsd) return null;
  const v1 = view.getUint8(mdhd.start) === 1;
  const timescale = view.getUint32(mdhd.start + (v1 ? 20 : 12));

  const entry = [...boxes(view, stsd.start + 8, stsd.end)][0];
  if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) return null;
  const codedWidth = view.getUint16(entry.start + 24);
  const codedHeight = view.getUint16(entry.start + 26);
  const entryBoxes = [...boxes(view, entry.start + 78, entry.end)];
  const avcC = entryBoxes.find((b) => b.type === 'avcC');
  const colour = colourOf(view, entryBoxes.find((b) => b.type === 'colr'));
  if (!avcC) return null;
  const description = new Uint8Array(view.buffer.slice(view.byteOffset + avcC.start, view.byteOffset + avcC.end));
  const codec = `avc1.${hex2(description[1])}${hex2(description[2])}${hex2(description[3])}`;

  const u32 = (b: Box, i: number): number => view.getUint32(b.start + i);
  const stsz = child(view, stbl, 'stsz');
  const stsc = child(view, stbl, 'stsc');
  const stco = child(view, stbl, 'stco');
  const co64 = child(view, stbl, 'co64');
  const stts = child(view, stbl, 'stts');
  if (!stsz || !stsc || !(stco || co64) || !stts) return null;
  const count = u32(stsz, 8);
  const fixed = u32(stsz, 4);
  const sizes = Array.from({ length: count }, (_, i) => (fixed || u32(stsz, 12 + 4 * i)));

  const chunks = stco
    ? Array.from({ length: u32(stco, 4) }, (_, i) => u32(stco, 8 + 4 * i))
    : Array.from({ length: u32(co64!, 4) }, (_, i) => Number(view.getBigUint64(co64!.start + 8 + 8 * i)));
  const offsets = new Array<number>(count);
  const runs = Array.from({ length: u32(stsc, 4) }, (_, i) => ({ first: u32(stsc, 8 + 12 * i) - 1, per: u32(stsc, 12 + 12 * i) }));
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

  const dts: number[] = [], durations: number[] = [];
  let t = 0;
  for (let e = 0, n = u32(stts, 4); e < n; e++) {
    const c = u32(stts, 8 + 8 * e), d = u32(stts, 12 + 8 * e);
    for (let k = 0; k < c && dts.length < count; k++) { dts.push(t); durations.push(d); t += d; }
  }
  while (dts.length < count) { dts.push(t); durations.push(0); }
  const ctts = child(view, stbl, 'ctts');
  const shift = new Array<number>(count).fill(0);
  if (ctts) {
    let i = 0;
    for (let e = 0, n = u32(ctts, 4); e < n; e++) {
      const c = u32(ctts, 8 + 8 * e), o = view.getInt32(ctts.start + 12 + 8 * e);
      for (let k = 0; k < c && i < count; k++) shift[i++] = o;
    }
  }
  const stss = child(view, stbl, 'stss');
  const keys = new Set<number>();
  if (stss) for (let e = 0, n = u32(stss, 4); e < n; e++) keys.add(u32(stss, 8 + 4 * e) - 1);

  const pts = dts.map((d, i) => d + shift[i]);
  const first = Math.min(...pts);
  const samples = sizes.map((size, i) => ({
    offset: offsets[i], size, pts: (pts[i] - first) / timescale, duration: durations[i] / timescale, key: stss ? keys.has(i) : true,
  }));
  return { codec, description, codedWidth, codedHeight, ...colour, rotation: rotationOf(view, trak), duration: t / timescale, samples };
}

/** The display rotation from tkhd's matrix (a, b; c, d in 16.16 fixed point). */
function rotationOf(view: DataView, trak: Box): Mp4Video['rotation'] {
  const tkhd = child(view, trak, 'tkhd');
  if (!tkhd) return 0;
  const m = tkhd.start + (view.getUint8(tkhd.start) === 1 ? 36 : 24) + 16;
  const a = view.getInt32(m) / 65536, b = view.getInt32(m + 4) / 65536;
  const deg = Math.round((Math.atan2(b, a) * 180) / Math.PI / 90) * 90;
  return (((deg % 360) + 360) % 360) as Mp4Video['rotation'];
}

/** ISO/IEC 23091-2 matrix coefficients: 1 = BT.709, 5/6 = BT.601; nclx carries the range bit. */
function colourOf(view: DataView, colr: Box | undefined): { matrix: Mp4Video['matrix']; fullRange: boolean } {
  if (!colr || colr.end - colr.start < 10) return { matrix: null, fullRange: false };
  const kind = String.fromCharCode(view.getUint8(colr.start), view.getUint8(colr.start + 1), view.getUint8(colr.start + 2), view.getUint8(colr.start + 3));
  if (kind !== 'nclx' && kind !== 'nclc') return { matrix: null, fullRange: false };
  const m = view.getUint16(colr.start + 8);
  const fullRange = kind === 'nclx' && colr.end - colr.start >= 11 && (view.getUint8(colr.start + 10) & 0x80) !== 0;
  return { matrix: m === 1 ? 'bt709' : m === 5 || m === 6 ? 'bt601' : null, fullRange };
}
