import { describe, expect, it } from 'vitest';
import { canStartPlaying, nextChunk, type StreamPace } from '../../src/engine/playback/stream-start.ts';

/**
 * The worker's pace right after its first audio: 0.2 s heard, chunks growing 0.2 → 0.4 → 0.8 → 1 s,
 * decoding at 0.05 s a second of music plus 1.08 s of context (codec-v2's 27 frames each side).
 */
const pace = (rate: number, decode = 0.05): StreamPace => ({ rate, until: 0.4, next: 0.4, most: 1, decode, context: 1.08 });

describe('canStartPlaying', () => {
  it('chunks double up to the most', () => {
    expect([10, 20, 40].map((c) => nextChunk(c, 50))).toEqual([20, 40, 50]);
  });

  it('at 3.5× real time starts on the first 0.2 s of audio: the next 0.4 s arrives after 0.19 s', () => {
    // 0.4 / 3.5 + 1.48 · 0.05 = 0.188 s; · 1.15 + 0.05 = 0.266 s > 0.2 s: not yet with 0.2 s, yes with 0.27 s
    expect(canStartPlaying(0.2, 30, pace(3.5))).toBe(false);
    expect(canStartPlaying(0.27, 30, pace(3.5))).toBe(true);
    expect(canStartPlaying(0.2, 30, pace(8))).toBe(true);
  });

  it('never before any audio, nor without the pace', () => {
    expect(canStartPlaying(0, 30, pace(5))).toBe(false);
    expect(canStartPlaying(0.5, 30, null)).toBe(false);
  });

  it('faster than real time but not enough for the growing chunks: waits for more audio', () => {
    // at 1.3×, a 1 s chunk takes 0.77 s to write + 0.1 s to decode (2.08 s run at 0.05): 0.2 s is not enough, 2 s is
    expect(canStartPlaying(0.2, 30, pace(1.3))).toBe(false);
    expect(canStartPlaying(2, 30, { ...pace(1.3), next: 1, until: 1 })).toBe(true);
  });

  it('at 0.3× real time waits for most of the take', () => {
    const slow = (heard: number) => canStartPlaying(heard, 6, { rate: 0.3, until: 1, next: 1, most: 1, decode: 0, context: 1 });
    // the last chunk (5 → 6 s) arrives after (6 − heard) / 0.3 s; the playhead is then at that · 1.15 + 0.05
    expect(slow(4.4)).toBe(false);
    expect(slow(4.7)).toBe(true);
  });

  it('a whole take plays whatever the rate', () => {
    expect(canStartPlaying(6, 6, null)).toBe(true);
  });
});
