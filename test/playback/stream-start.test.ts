import { describe, expect, it } from 'vitest';
import { canStartPlaying } from '../../src/engine/playback/stream-start.ts';

describe('canStartPlaying', () => {
  it('starts at once when written well faster than real time, never before any audio', () => {
    expect(canStartPlaying(0.5, 30, 2)).toBe(true);
    expect(canStartPlaying(0, 30, 2)).toBe(false);
  });

  it('at 0.3× real time waits for about three quarters of the take (with the 15 % margin)', () => {
    // (1 − 0.3 / 1.15) · 6 = 4.43 s
    expect(canStartPlaying(4.4, 6, 0.3)).toBe(false);
    expect(canStartPlaying(4.45, 6, 0.3)).toBe(true);
  });

  it('a whole take plays whatever the rate', () => {
    expect(canStartPlaying(6, 6, 0.01)).toBe(true);
  });
});
