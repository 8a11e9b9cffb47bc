import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { extractControls } from '../../src/engine/controls/extract.ts';
import { lanesFromExtraction } from '../../src/engine/project/lanes.ts';
import { decodeBeats } from '../../src/engine/controls/rhythm-kernel.ts';
import { beatF1, downbeatF1, melodyAccuracy, pcc, rmse } from '../../src/engine/metrics/index.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import { applyGainDb, drumPattern, grid, mix, toneMelody } from './synth.ts';

describe('a reference track becomes editable lanes', () => {
  it('rhythm: a tempo ramp in 3/4 becomes a few tempo points whose grid hits the found beats', () => {
    const D = 30;
    const g = grid((t) => 80 + 2 * t, D, 3);
    const x = extractControls(drumPattern(g, D, 3));
    const lane = lanesFromExtraction(x).rhythm;
    expect(lane.beatsPerBar).toBe(3);
    expect(lane.tempo.length).toBeLessThanOrEqual(8);
    expect(lane.tempo[0].v).toBeGreaterThan(75);
    expect(lane.tempo[lane.tempo.length - 1].v).toBeGreaterThan(130);
    expect(lane.moved.length).toBeLessThanOrEqual(2);
    const beats = beatTimes(lane, D);
    expect(beatF1(g.map((b) => b.t), beats.map((b) => b.t)).f1).toBeGreaterThanOrEqual(0.95);
    expect(downbeatF1(g, beats).f1).toBeGreaterThanOrEqual(0.9);
  });

  it('round trip: extracted lanes encode back to controls that agree with the extraction', () => {
    const D = 12;
    const g = grid(() => 100, D, 4);
    const notes = Array.from({ length: 20 }, (_, i) => ({ start: 0.5 + i * 0.5, end: 0.95 + i * 0.5, midi: 60 + ((i * 5) % 12) }));
    const audio = applyGainDb(mix(drumPattern(g, D, 4), toneMelody(notes, D, 0.4)), (t) => -8 + t);
    const x = extractControls(audio);
    const lanes = lanesFromExtraction(x);
    const back = encodeLanes(lanes, x.duration);
    expect(back.frames).toBe(x.controls.frames);
    const extractedBeats = decodeBeats(x.controls.rhythm.values, 50);
    const laneBeats = decodeBeats(back.rhythm.values, 50);
    expect(beatF1(extractedBeats.map((b) => b.t), laneBeats.map((b) => b.t)).f1).toBeGreaterThanOrEqual(0.95);
    // the lane holds ±18 dB around the −20 dBFS reference; compare where the audio is inside that range
    const inRange = x.controls.intensity.values.map((v) => (v >= -38 && v <= -2 ? 1 : 0));
    expect(inRange.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.8 * x.controls.frames);
    // thinning to 1.5 dB smooths away the beat-rate ripple of the drums: agreement, not identity
    const pair = { x: x.controls.intensity.values, y: back.intensity.values, mask: inRange };
    expect(pcc(pair)).toBeGreaterThan(0.9);
    expect(rmse(pair)).toBeLessThan(1.5);
    expect(melodyAccuracy(x.controls.melody.values, back.melody.values, x.controls.melody.mask)).toBeGreaterThan(0.8);
    const col = (a: Float32Array, c: number) => a.filter((_, i) => i % 2 === c);
    expect(pcc({ x: col(x.controls.emotion.values, 1), y: col(back.emotion.values, 1) })).toBeGreaterThan(0.9);
    expect(lanes.intensity.points.every((p) => p.v >= -18 && p.v <= 18)).toBe(true);
    expect(lanes.melody.notes.every((n, i, a) => n.end > n.start && (i === 0 || a[i - 1].end <= n.start))).toBe(true);
  });
});
