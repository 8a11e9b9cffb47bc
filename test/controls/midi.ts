/**
 * A minimal Standard MIDI File writer (format 0), enough to build test songs whose beat times
 * are known exactly from the tempo map: tempo changes, a time signature, notes on any channel.
 */
export const PPQ = 480;

export interface MidiNote { beat: number; beats: number; key: number; velocity: number; channel: number }
export interface TempoChange { beat: number; bpm: number }

function vlq(n: number): number[] {
  const out = [n & 0x7f];
  while ((n >>= 7)) out.unshift((n & 0x7f) | 0x80);
  return out;
}

/** `programs` maps a channel to a General MIDI program (0 = piano, 73 = flute). */
export function writeMidi(notes: readonly MidiNote[], tempos: readonly TempoChange[], meter: number, programs: Record<number, number> = {}): Uint8Array {
  type Ev = { tick: number; order: number; bytes: number[] };
  const evs: Ev[] = [{ tick: 0, order: 0, bytes: [0xff, 0x58, 4, meter, 2, 24, 8] }];
  for (const [ch, program] of Object.entries(programs)) evs.push({ tick: 0, order: 0, bytes: [0xc0 | Number(ch), program] });
  for (const t of tempos) {
    const us = Math.round(60_000_000 / t.bpm);
    evs.push({ tick: Math.round(t.beat * PPQ), order: 0, bytes: [0xff, 0x51, 3, (us >> 16) & 255, (us >> 8) & 255, us & 255] });
  }
  for (const n of notes) {
    evs.push({ tick: Math.round(n.beat * PPQ), order: 2, bytes: [0x90 | n.channel, n.key, n.velocity] });
    evs.push({ tick: Math.round((n.beat + n.beats) * PPQ), order: 1, bytes: [0x80 | n.channel, n.key, 0] });
  }
  evs.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const track: number[] = [];
  let last = 0;
  for (const e of evs) {
    track.push(...vlq(e.tick - last), ...e.bytes);
    last = e.tick;
  }
  track.push(0, 0xff, 0x2f, 0);
  const head = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, PPQ >> 8, PPQ & 255];
  const len = track.length;
  return Uint8Array.from([...head, 0x4d, 0x54, 0x72, 0x6b, (len >>> 24) & 255, (len >> 16) & 255, (len >> 8) & 255, len & 255, ...track]);
}

/** Seconds at each whole beat 0..count under the tempo map (tempo changes on beats). */
export function beatSeconds(tempos: readonly TempoChange[], count: number): number[] {
  const sorted = [...tempos].sort((a, b) => a.beat - b.beat);
  const out: number[] = [];
  let t = 0;
  for (let b = 0; b <= count; b++) {
    out.push(t);
    const bpm = [...sorted].reverse().find((x) => x.beat <= b)?.bpm ?? 120;
    t += 60 / bpm;
  }
  return out;
}
