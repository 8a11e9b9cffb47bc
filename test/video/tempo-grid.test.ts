import { describe, expect, it } from 'vitest';
import { suggestTempo } from '../../src/engine/video/tempo.ts';

/** Motion energy pulsing every `period` analysis frames (10 fps), with a little jitter in the pulse height. */
function pulses(period: number, n = 120, jitter = 0): Float32Array {
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = (i % period === 0 ? 1 : 0.1) + jitter * Math.sin(i * 12.9898);
  return m;
}

describe('motion-only tempo', () => {
  it('answers a half-frame lag: pulses every 5 frames give 120 BPM, every 6 frames 100 BPM exactly', () => {
    expect(suggestTempo([], pulses(5), 0)).toMatchObject({ bpm: 120, source: 'motion' });
    expect(suggestTempo([], pulses(6), 0)).toMatchObject({ bpm: 100, source: 'motion' });
  });
  it('a small change in the measured motion does not move the answer by a few BPM', () => {
    expect(suggestTempo([], pulses(6, 120, 0.03), 0).bpm).toBe(100);
    expect(suggestTempo([], pulses(5, 120, 0.03), 0).bpm).toBe(120);
  });
});
