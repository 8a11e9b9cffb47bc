/**
 * The harmony control (docs/controls.md, "harmony"): per frame 24 columns — columns 0-11 the
 * chord's tones as a 0/1 pitch-class template, columns 12-23 a one-hot of its root. "N" (no
 * chord) is an instruction too: all 24 values 0 with mask 1. Frames outside every segment, or
 * covered by a free span, have mask 0 and the model chooses the harmony there.
 */
import { chordTones, parseChord, type ChordSegment } from '../harmony/symbols.ts';
import { type ControlTrack, emptyTrack } from './types.ts';

export const HARMONY_DIM = 24;

/**
 * Segments → T × 24 track. A segment covers frames whose time f / frameRate lies in [start, end),
 * like the melody lane's notes. `open` (1 = instructed) comes from the lane's free spans; null
 * means every frame is open. Labels that do not parse throw, naming the label.
 */
export function encodeChords(
  segments: readonly ChordSegment[],
  frames: number,
  frameRate: number,
  open: Float32Array | null = null,
): ControlTrack {
  const track = emptyTrack(frames, HARMONY_DIM);
  for (const s of segments) {
    const chord = parseChord(s.label);
    const a = Math.max(0, Math.ceil(s.start * frameRate - 1e-9));
    const b = Math.min(frames, Math.ceil(s.end * frameRate - 1e-9));
    for (let f = a; f < b; f++) {
      if (open && !open[f]) continue;
      const o = f * HARMONY_DIM;
      track.values.fill(0, o, o + HARMONY_DIM);
      if (chord) {
        for (const pc of chordTones(chord)) track.values[o + pc] = 1;
        track.values[o + 12 + chord.root] = 1;
      }
      track.mask.fill(1, o, o + HARMONY_DIM);
    }
  }
  return track;
}
