import { describe, expect, it } from 'vitest';
import { sliceFrames, windowFrames } from '../../src/engine/generate/cross.ts';
import { f32 } from '../../src/engine/generate/session.ts';

describe('cross-attention windows', () => {
  it('a step sees its own segment of video, the tail the last segment (layers.window_frames)', () => {
    // 2 s window at 50 / 10 Hz: segments of 100 steps and 20 video frames; 32 video frames
    expect(windowFrames(0, 32, 2, 50, 10)).toEqual([0, 20]);
    expect(windowFrames(99, 32, 2, 50, 10)).toEqual([0, 20]);
    expect(windowFrames(100, 32, 2, 50, 10)).toEqual([20, 32]);
    expect(windowFrames(250, 32, 2, 50, 10)).toEqual([20, 32]); // past the last segment: clamped
    expect(windowFrames(160, 32, 3, 50, 10)).toEqual([30, 32]);
    expect(windowFrames(160, 32, null, 50, 10)).toEqual([0, 32]);
  });

  it('cuts keys along their last axis and values along the third', () => {
    const key = f32(Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i), [1, 2, 3, 4]);
    expect(Array.from(sliceFrames(key, 1, 3, true).data as Float32Array)).toEqual([1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22]);
    const value = f32(Float32Array.from({ length: 2 * 4 * 3 }, (_, i) => i), [1, 2, 4, 3]);
    const v = sliceFrames(value, 2, 4, false);
    expect(v.dims).toEqual([1, 2, 2, 3]);
    expect(Array.from(v.data as Float32Array)).toEqual([6, 7, 8, 9, 10, 11, 18, 19, 20, 21, 22, 23]);
  });
});
