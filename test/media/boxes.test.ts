import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boxAt, boxesIn, child, children, path, tableLength, topLevel, type ReadAt } from '../../src/engine/media/boxes.ts';

const clip = new Uint8Array(readFileSync(new URL('../../e2e/fixtures/clip.mp4', import.meta.url)));
const reader = (b: Uint8Array): ReadAt => async (o, n) => b.subarray(o, Math.min(b.length, o + n));

/** A box from its type and payload; `large` writes the 64-bit size form (size field 1). */
function box(type: string, payload: Uint8Array, large = false): Uint8Array {
  const header = large ? 16 : 8;
  const out = new Uint8Array(header + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, large ? 1 : out.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  if (large) v.setUint32(12, out.length); // high word 0
  out.set(payload, header);
  return out;
}
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

async function clipMoov(): Promise<Uint8Array> {
  for await (const b of topLevel(reader(clip), clip.length)) if (b.type === 'moov') return clip.subarray(b.offset, b.end);
  throw new Error('no moov');
}

describe('box walking', () => {
  it('reads 32-bit, 64-bit and to-the-end sizes', () => {
    const small = box('free', new Uint8Array(4));
    expect(boxAt(small, 0, small.length)).toEqual({ type: 'free', offset: 0, size: 12, header: 8, start: 8, end: 12 });
    const large = box('mdat', new Uint8Array(8), true);
    expect(boxAt(large, 0, large.length)).toEqual({ type: 'mdat', offset: 0, size: 24, header: 16, start: 16, end: 24 });
    const open = box('mdat', new Uint8Array(20));
    new DataView(open.buffer).setUint32(0, 0); // "runs to the end of the file"
    expect(boxAt(open, 0, open.length)?.size).toBe(28);
    // `base` places a header read from a slice at its file offset.
    expect(boxAt(small, 0, 12, 1000)).toMatchObject({ offset: 1000, start: 1008, end: 1012 });
  });

  it('returns null for a header that does not fit or is smaller than a header', () => {
    expect(boxAt(new Uint8Array(7), 0, 7)).toBeNull();
    const large = box('mdat', new Uint8Array(8), true);
    expect(boxAt(large.subarray(0, 12), 0, 12)).toBeNull(); // 64-bit size cut off
    const tiny = box('free', new Uint8Array(4));
    new DataView(tiny.buffer).setUint32(0, 5);
    expect(boxAt(tiny, 0, tiny.length)).toBeNull();
  });

  it('walks siblings and stops at one that runs past its parent, without throwing', () => {
    const a = box('aaaa', new Uint8Array(2)), b = box('bbbb', new Uint8Array(0), true), c = box('cccc', new Uint8Array(40));
    const bytes = concat(a, b, c.subarray(0, 20)); // c claims 48 bytes; 20 are there
    expect([...boxesIn(bytes, 0, bytes.length)].map((x) => [x.type, x.offset])).toEqual([['aaaa', 0], ['bbbb', 10]]);
    // A parent whose size claims more than was read is walked as far as the bytes go.
    const parent = concat(box('moov', concat(a, b)).subarray(0, 8), a, b);
    new DataView(parent.buffer).setUint32(0, 1000);
    expect([...children(parent, boxAt(parent, 0, parent.length)!)].map((x) => x.type)).toEqual(['aaaa', 'bbbb']);
  });

  it('finds the clip\'s video sample table by path in the real moov', async () => {
    const moov = await clipMoov();
    const root = boxAt(moov, 0, moov.length)!;
    expect(root.type).toBe('moov');
    expect([...children(moov, root)].map((x) => x.type)).toEqual(['mvhd', 'trak', 'trak', 'udta']);
    const trak = child(moov, root, 'trak')!;
    const stbl = path(moov, trak, 'mdia', 'minf', 'stbl')!;
    expect([...children(moov, stbl)].map((x) => x.type)).toEqual(['stsd', 'stts', 'stss', 'ctts', 'stsc', 'stsz', 'stco']);
    expect(path(moov, trak, 'mdia', 'nope', 'stbl')).toBeUndefined();
    // Sync samples 1, 51, 101 (1-based): a key frame every 2 s at 25 fps.
    const stss = child(moov, stbl, 'stss')!;
    expect(tableLength(moov, stss, 4)).toBe(3);
    const v = new DataView(moov.buffer, moov.byteOffset);
    expect([0, 1, 2].map((i) => v.getUint32(stss.start + 8 + 4 * i))).toEqual([1, 51, 101]);
    expect(tableLength(moov, child(moov, stbl, 'stsz')!, 4, 8)).toBe(150);
  });

  it('caps a corrupt table count at the entries its box holds', () => {
    const payload = new Uint8Array(8 + 3 * 4);
    new DataView(payload.buffer).setUint32(4, 0xffffffff);
    const stss = box('stss', payload);
    expect(tableLength(stss, boxAt(stss, 0, stss.length)!, 4)).toBe(3);
  });

  it('walks the clip\'s top level reading 16 bytes per box, mdat skipped', async () => {
    const reads: Array<[number, number]> = [];
    const read: ReadAt = async (o, n) => (reads.push([o, n]), reader(clip)(o, n));
    const types: string[] = [];
    for await (const b of topLevel(read, clip.length)) types.push(b.type);
    expect(types).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    expect(reads.every(([, n]) => n === 16)).toBe(true);
    expect(reads).toHaveLength(4);
  });
});
