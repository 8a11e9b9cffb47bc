import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeText, sniffContainer } from '../../src/engine/media/sniff.ts';
import { encodeWav } from '../../src/engine/audio/wav.ts';

const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const bytes = (...xs: number[]) => new Uint8Array([...xs, ...new Array(64).fill(0)]);
const text = (s: string) => new TextEncoder().encode(s);

describe('sniffContainer', () => {
  it('recognises the fixture clip as an MP4 video container', () => {
    expect(sniffContainer(clip.subarray(0, 512))).toEqual({ container: 'mp4', kind: 'video' });
  });

  it('calls an iTunes audio brand (M4A) audio, not video', () => {
    const head = new Uint8Array(clip.subarray(0, 64));
    head.set(text('M4A '), 8);
    expect(sniffContainer(head)).toEqual({ container: 'm4a', kind: 'audio' });
  });

  it('recognises a WAV written by encodeWav as audio', () => {
    const wav = encodeWav([new Float32Array(100)], 32000, 'pcm16');
    expect(sniffContainer(wav)).toEqual({ container: 'wav', kind: 'audio' });
  });

  it('recognises Matroska/WebM, Ogg, AVI, MPEG-TS and MP3 by their magic', () => {
    expect(sniffContainer(bytes(0x1a, 0x45, 0xdf, 0xa3)).container).toBe('matroska');
    expect(sniffContainer(text('OggS\0\x02')).container).toBe('ogg');
    const avi = new Uint8Array(64); avi.set(text('RIFF'), 0); avi.set(text('AVI '), 8);
    expect(sniffContainer(avi)).toEqual({ container: 'avi', kind: 'video' });
    const ts = new Uint8Array(400); ts[0] = 0x47; ts[188] = 0x47;
    expect(sniffContainer(ts).container).toBe('mpeg-ts');
    expect(sniffContainer(text('ID3\x04\0\0')).kind).toBe('audio');
  });

  it('calls a text file renamed .mp4 text, including UTF-8 and a BOM', () => {
    expect(sniffContainer(text('This is not a video.\nJust words.\n'))).toEqual({ container: 'text', kind: 'text' });
    expect(looksLikeText(text('\ufeffÜnïcödé — text ✓'))).toBe(true);
  });

  it('does not call binary noise text', () => {
    expect(looksLikeText(bytes(0x01, 0x02, 0x03))).toBe(false);
    expect(looksLikeText(new Uint8Array([0x41, 0xff, 0x41]))).toBe(false);
    expect(sniffContainer(new Uint8Array([0x13, 0x37, 0x00, 0x42]))).toEqual({ container: 'unknown', kind: 'unknown' });
    expect(looksLikeText(new Uint8Array(0))).toBe(false);
  });

  it('calls stills (PNG, JPEG, GIF, WebP, AVIF) and PDFs images, never video', () => {
    expect(sniffContainer(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toEqual({ container: 'png', kind: 'image' });
    expect(sniffContainer(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ container: 'jpeg', kind: 'image' });
    expect(sniffContainer(text('GIF89a\x01\x00\x01\x00'))).toEqual({ container: 'gif', kind: 'image' });
    expect(sniffContainer(new Uint8Array([...text('RIFF'), 0, 0, 0, 0, ...text('WEBPVP8 ')]))).toEqual({ container: 'webp', kind: 'image' });
    expect(sniffContainer(new Uint8Array([0, 0, 0, 0x1c, ...text('ftypavif'), 0, 0, 0, 0]))).toEqual({ container: 'avif', kind: 'image' });
    expect(sniffContainer(text('%PDF-1.7\n')).kind).toBe('image');
  });
});
