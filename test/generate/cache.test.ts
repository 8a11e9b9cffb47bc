import { describe, expect, it } from 'vitest';
import { CacheEntry } from '../../src/engine/generate/cache.ts';
import { f32 } from '../../src/engine/generate/session.ts';

describe('KV cache', () => {
  it('appends positions: keys (B, H, dh, P) along the last axis, values (B, H, P, dh) along P', () => {
    const B = 2, H = 3, dh = 4;
    const keys = new CacheEntry(B, H, dh, true), values = new CacheEntry(B, H, dh, false);
    // entry of position p at (b, h, i) = 1000·p + 100·b + 10·h + i
    const at = (p: number, b: number, h: number, i: number) => 1000 * p + 100 * b + 10 * h + i;
    for (let p = 0; p < 7; p++) {
      const nk = new Float32Array(B * H * dh), nv = new Float32Array(B * H * dh);
      for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 0; i < dh; i++) nk[(b * H + h) * dh + i] = nv[(b * H + h) * dh + i] = at(p, b, h, i);
      keys.append(f32(nk, [B, H, dh, 1]));
      values.append(f32(nv, [B, H, 1, dh]));
    }
    const k = keys.tensor(), v = values.tensor();
    expect(k.dims).toEqual([B, H, dh, 7]);
    expect(v.dims).toEqual([B, H, 7, dh]);
    expect(k.data.length).toBe(B * H * dh * 7);
    for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 0; i < dh; i++) for (let p = 0; p < 7; p++) {
      expect(k.data[((b * H + h) * dh + i) * 7 + p]).toBe(at(p, b, h, i));
      expect(v.data[((b * H + h) * 7 + p) * dh + i]).toBe(at(p, b, h, i));
    }
  });

  it('fills from a prefill\'s presents, then appends after them', () => {
    const B = 2, H = 1, dh = 2, P = 3;
    const keys = new CacheEntry(B, H, dh, true), values = new CacheEntry(B, H, dh, false);
    keys.fill(f32(Float32Array.from({ length: B * H * dh * P }, (_, i) => i), [B, H, dh, P]));
    values.fill(f32(Float32Array.from({ length: B * H * P * dh }, (_, i) => i), [B, H, P, dh]));
    keys.append(f32(Float32Array.of(100, 101, 102, 103), [B, H, dh, 1]));
    values.append(f32(Float32Array.of(100, 101, 102, 103), [B, H, 1, dh]));
    expect(keys.length).toBe(4);
    // keys: each (b, i) row of P frames gains its new frame at the end
    expect([...keys.tensor().data]).toEqual([0, 1, 2, 100, 3, 4, 5, 101, 6, 7, 8, 102, 9, 10, 11, 103]);
    // values: each b's P rows of dh gain a row
    expect([...values.tensor().data]).toEqual([0, 1, 2, 3, 4, 5, 100, 101, 6, 7, 8, 9, 10, 11, 102, 103]);
    expect(() => keys.fill(f32(new Float32Array(5), [B, H, dh, 1]))).toThrow('needs 4 values, got 5');
  });
});
