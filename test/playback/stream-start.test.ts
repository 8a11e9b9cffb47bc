import { describe, expect, it } from 'vitest';
import { canStartPlaying, nextChunk, type StreamPace } from '../../src/engine/playback/stream-start.ts';

/**
 * A worker's pace right after its first audio: 0.2 s heard, the next chunk 0.4 s, then growing by a
 * quarter (in whole 20 ms frames) up to 1 s, decoding at 0.05 s a second of music plus 1.08 s of context (codec-v2's 27 frames each side).
 */
const pace = (rate: number, decode = 0.05): StreamPace => ({ rate, until: 0.4, next: 0.4, most: 1, decode, context: 1.08, frame: 0.02 });

describe('canStartPlaying', () => {
  it('chunks grow by a quarter, in whole frames, up to the most', () => {
    // frames: a quarter more, rounded up to whole frames, up to 1 s
    const frames = [12];
    while (frames.at(-1)! < 50) frames.push(nextChunk(frames.at(-1)!, 50));
    expect(frames).toEqual([12, 15, 19, 24, 30, 38, 48, 50]);
    // seconds, in frames of 20 ms: the same sizes
    const seconds = [0.24];
    while (seconds.at(-1)! < 1) seconds.push(nextChunk(seconds.at(-1)!, 1, 0.02));
    expect(seconds.map((s) => Math.round(s * 50))).toEqual(frames);
    expect(nextChunk(2, 50)).toBe(3); // a chunk always grows
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
    const slow = (heard: number) => canStartPlaying(heard, 6, { rate: 0.3, until: 1, next: 1, most: 1, decode: 0, context: 1, frame: 0.02 });
    // the last chunk (5 → 6 s) arrives after (6 − heard) / 0.3 s; the playhead is then at that · 1.15 + 0.05
    expect(slow(4.4)).toBe(false);
    expect(slow(4.7)).toBe(true);
  });

  it('a whole take plays whatever the rate', () => {
    expect(canStartPlaying(6, 6, null)).toBe(true);
  });
});
