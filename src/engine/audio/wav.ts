/**
 * WAV (RIFF) encoding: 16-bit PCM (TPDF-dithered) or 32-bit IEEE float, mono or interleaved
 * multichannel. Float export keeps samples as they are (it may exceed ±1); 16-bit clips.
 */
import type { WavFormat } from '../project/types.ts';

export function encodeWav(channels: readonly Float32Array[], sampleRate: number, format: WavFormat, seed = 1): Uint8Array {
  if (channels.length === 0) throw new Error('encodeWav: no channels');
  const n = channels[0].length;
  if (channels.some((c) => c.length !== n)) throw new Error('encodeWav: channels differ in length');
  const nch = channels.length;
  const bytes = format === 'pcm16' ? 2 : 4;
  const dataSize = n * nch * bytes;
  const buf = new ArrayBuffer(44 + dataSize);
  const v = new DataView(buf);
  const ascii = (o: number, s: string) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, format === 'pcm16' ? 1 : 3, true); // 1 = PCM, 3 = IEEE float
  v.setUint16(22, nch, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * nch * bytes, true);
  v.setUint16(32, nch * bytes, true);
  v.setUint16(34, bytes * 8, true);
  ascii(36, 'data');
  v.setUint32(40, dataSize, true);
  let o = 44;
  if (format === 'float32') {
    for (let i = 0; i < n; i++) for (let c = 0; c < nch; c++, o += 4) v.setFloat32(o, channels[c][i], true);
  } else {
    // TPDF dither of ±1 LSB: quantisation error becomes benign noise instead of distortion on fades.
    let s = seed >>> 0 || 1;
    const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < nch; c++, o += 2) {
        const x = channels[c][i] * 32767 + (rnd() - rnd());
        v.setInt16(o, Math.max(-32768, Math.min(32767, Math.round(x))), true);
      }
    }
  }
  return new Uint8Array(buf);
}

export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: Float32Array[];
  readonly format: WavFormat;
}

/** Reads back what encodeWav writes (PCM16 / float32); used by tests and by take import. */
export function decodeWav(data: Uint8Array): DecodedWav {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (o: number) => String.fromCharCode(data[o], data[o + 1], data[o + 2], data[o + 3]);
  if (data.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file');
  let o = 12;
  let fmt = 0, nch = 0, rate = 0, bits = 0;
  while (o + 8 <= data.length) {
    const id = tag(o);
    const size = v.getUint32(o + 4, true);
    if (id === 'fmt ') {
      fmt = v.getUint16(o + 8, true);
      nch = v.getUint16(o + 10, true);
      rate = v.getUint32(o + 12, true);
      bits = v.getUint16(o + 22, true);
    } else if (id === 'data') {
      const isFloat = fmt === 3 && bits === 32;
      if (!isFloat && !(fmt === 1 && bits === 16)) throw new Error(`unsupported WAV encoding (format ${fmt}, ${bits} bit)`);
      const bytes = bits / 8;
      const n = Math.floor(Math.min(size, data.length - o - 8) / (bytes * nch));
      const channels = Array.from({ length: nch }, () => new Float32Array(n));
      let p = o + 8;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < nch; c++, p += bytes) channels[c][i] = isFloat ? v.getFloat32(p, true) : v.getInt16(p, true) / 32768;
      }
      return { sampleRate: rate, channels, format: isFloat ? 'float32' : 'pcm16' };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error('WAV file has no data chunk');
}
