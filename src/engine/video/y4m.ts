/**
 * A streaming YUV4MPEG2 reader (what `ffmpeg -f yuv4mpegpipe` and most Python tools write), so
 * training can pipe synthetic video into `undertone analyze --y4m` without an encoder. Accepts
 * 8-bit 4:2:0, 4:2:2, 4:4:4 and mono; YUV is converted to RGB with BT.601 (limited range unless
 * the header says XCOLORRANGE=FULL).
 */
import type { RgbFrame } from './frame.ts';
import { writeRgb } from './yuv.ts';

export interface Y4mHeader {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly chroma: '420' | '422' | '444' | 'mono';
  readonly fullRange: boolean;
}

export class Y4mError extends Error {}

const MAGIC = 'YUV4MPEG2';

function parseHeader(line: string): Y4mHeader {
  const parts = line.split(' ');
  if (parts[0] !== MAGIC) throw new Y4mError('not a Y4M stream (no YUV4MPEG2 header)');
  let width = 0, height = 0, fps = 0, chroma: Y4mHeader['chroma'] = '420', fullRange = false;
  for (const p of parts.slice(1)) {
    const v = p.slice(1);
    if (p[0] === 'W') width = Number(v);
    else if (p[0] === 'H') height = Number(v);
    else if (p[0] === 'F') {
      const [n, d] = v.split(':').map(Number);
      fps = n / (d || 1);
    } else if (p[0] === 'C') {
      if (v.startsWith('420')) chroma = '420';
      else if (v.startsWith('422')) chroma = '422';
      else if (v.startsWith('444') && !v.includes('alpha')) chroma = '444';
      else if (v.startsWith('mono') && v === 'mono') chroma = 'mono';
      else throw new Y4mError(`unsupported Y4M colour space C${v} (8-bit 420, 422, 444 or mono only)`);
    } else if (p === 'XCOLORRANGE=FULL') fullRange = true;
  }
  if (!(width > 0 && height > 0)) throw new Y4mError(`Y4M header has no frame size: "${line}"`);
  if (!(fps > 0)) throw new Y4mError(`Y4M header has no frame rate: "${line}"`);
  return { width, height, fps, chroma, fullRange };
}

function frameBytes(h: Y4mHeader): { y: number; c: number; cw: number; ch: number } {
  const cw = h.chroma === '444' ? h.width : Math.ceil(h.width / 2);
  const ch = h.chroma === '420' ? Math.ceil(h.height / 2) : h.height;
  return { y: h.width * h.height, c: h.chroma === 'mono' ? 0 : cw * ch, cw, ch };
}

export function yuvToRgb(h: Y4mHeader, buf: Uint8Array): RgbFrame {
  const { y: ny, c: nc, cw } = frameBytes(h);
  const out = new Uint8Array(h.width * h.height * 3);
  const sx = h.chroma === '444' ? 0 : 1;
  const sy = h.chroma === '420' ? 1 : 0;
  for (let y = 0; y < h.height; y++) {
    for (let x = 0; x < h.width; x++) {
      const Y = buf[y * h.width + x];
      let U = 128, V = 128;
      if (nc) {
        const ci = (y >> sy) * cw + (x >> sx);
        U = buf[ny + ci];
        V = buf[ny + nc + ci];
      }
      // Y4M carries no colour matrix: BT.601, as ffmpeg assumes for it.
      writeRgb(out, (y * h.width + x) * 3, Y, U, V, h.fullRange, false);
    }
  }
  return { width: h.width, height: h.height, channels: 3, data: out };
}

/** Push bytes as they arrive; get whole frames back. Holds at most one frame of bytes. */
export class Y4mReader {
  header: Y4mHeader | null = null;
  private chunks: Uint8Array[] = [];
  private size = 0;

  push(chunk: Uint8Array): RgbFrame[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    const frames: RgbFrame[] = [];
    for (;;) {
      const line = this.peekLine();
      if (line === null) {
        if (!this.header && this.size > 4096) throw new Y4mError('not a Y4M stream (no header line)');
        break;
      }
      if (!this.header) {
        this.header = parseHeader(line.text);
        this.take(line.bytes);
        continue;
      }
      if (!line.text.startsWith('FRAME')) throw new Y4mError(`Y4M stream broken: expected FRAME, got "${line.text.slice(0, 20)}"`);
      const { y, c } = frameBytes(this.header);
      if (this.size < line.bytes + y + 2 * c) break;
      this.take(line.bytes);
      frames.push(yuvToRgb(this.header, this.take(y + 2 * c)));
    }
    return frames;
  }

  /** Bytes left over at the end: a truncated last frame. */
  get leftover(): number {
    return this.size;
  }

  /** The next line (without the newline) and its length with it, or null if not all here yet. */
  private peekLine(): { text: string; bytes: number } | null {
    const head: number[] = [];
    for (const c of this.chunks) {
      for (let i = 0; i < c.length && head.length < 4096; i++) {
        if (c[i] === 10) return { text: String.fromCharCode(...head), bytes: head.length + 1 };
        head.push(c[i]);
      }
    }
    return null;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - got);
      out.set(c.subarray(0, k), got);
      got += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.size -= n;
    return out;
  }
}
