/**
 * A small Standard MIDI File reader (format 0 or 1, ticks per quarter): the plan export's tests
 * and e2e read the written file back with it. Times in seconds follow the set-tempo events of
 * every track merged (by convention they are in the first), 120 BPM until the first one.
 */
import { META } from './smf.ts';

export interface MidiEvent {
  readonly tick: number;
  /** Status byte (0x80..0xef for channel messages, 0xff for metas, 0xf0/0xf7 for sysex). */
  readonly status: number;
  /** Meta type, for metas. */
  readonly type?: number;
  readonly data: Uint8Array;
}

export interface MidiTrack {
  readonly name: string;
  readonly events: readonly MidiEvent[];
}

export interface MidiFile {
  readonly format: number;
  readonly ppq: number;
  readonly tracks: readonly MidiTrack[];
}

export interface ReadNote {
  readonly channel: number;
  readonly key: number;
  readonly velocity: number;
  readonly startTick: number;
  readonly endTick: number;
}

const text = new TextDecoder();

export function readMidi(bytes: Uint8Array): MidiFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 14 || tag(0) !== 'MThd') throw new Error('not a MIDI file (no MThd)');
  const format = view.getUint16(8);
  const count = view.getUint16(10);
  const division = view.getUint16(12);
  if (division & 0x8000) throw new Error('SMPTE time division is not supported');
  let at = 8 + view.getUint32(4);
  const tracks: MidiTrack[] = [];
  while (tracks.length < count) {
    if (at + 8 > bytes.length) throw new Error(`file ends before track ${tracks.length + 1} of ${count}`);
    const len = view.getUint32(at + 4);
    if (tag(at) === 'MTrk') tracks.push(readTrack(bytes.subarray(at + 8, at + 8 + len)));
    at += 8 + len;
  }
  return { format, ppq: division, tracks };
}

function readTrack(b: Uint8Array): MidiTrack {
  let i = 0;
  let tick = 0;
  let running = 0;
  const events: MidiEvent[] = [];
  const vlq = () => {
    let n = 0;
    for (;;) {
      const c = b[i++];
      n = n * 128 + (c & 0x7f);
      if (!(c & 0x80)) return n;
    }
  };
  while (i < b.length) {
    tick += vlq();
    let status = b[i];
    if (status & 0x80) i++;
    else status = running; // running status: the data byte starts the event
    if (status === 0xff) {
      const type = b[i++];
      const len = vlq();
      events.push({ tick, status, type, data: b.subarray(i, i + len) });
      i += len;
      if (type === META.endOfTrack) break;
    } else if (status === 0xf0 || status === 0xf7) {
      const len = vlq();
      events.push({ tick, status, data: b.subarray(i, i + len) });
      i += len;
    } else {
      running = status;
      const n = (status & 0xf0) === 0xc0 || (status & 0xf0) === 0xd0 ? 1 : 2;
      events.push({ tick, status, data: b.subarray(i, i + n) });
      i += n;
    }
  }
  const name = events.find((e) => e.type === META.trackName);
  return { name: name ? text.decode(name.data) : '', events };
}

export function metaText(e: MidiEvent): string {
  return text.decode(e.data);
}

/** The metas of one type, with their text. */
export function metas(track: MidiTrack, type: number): { tick: number; text: string; data: Uint8Array }[] {
  return track.events.filter((e) => e.status === 0xff && e.type === type).map((e) => ({ tick: e.tick, text: metaText(e), data: e.data }));
}

/** Notes: each note-on paired with the next note-off (or velocity-0 note-on) of its key and channel. */
export function readNotes(track: MidiTrack): ReadNote[] {
  const open = new Map<number, { tick: number; velocity: number }[]>();
  const out: ReadNote[] = [];
  for (const e of track.events) {
    const kind = e.status & 0xf0;
    if (kind !== 0x80 && kind !== 0x90) continue;
    const channel = e.status & 0x0f;
    const slot = channel * 128 + e.data[0];
    if (kind === 0x90 && e.data[1] > 0) {
      open.set(slot, [...(open.get(slot) ?? []), { tick: e.tick, velocity: e.data[1] }]);
    } else {
      const on = open.get(slot)?.shift();
      if (on) out.push({ channel, key: e.data[0], velocity: on.velocity, startTick: on.tick, endTick: e.tick });
    }
  }
  return out.sort((a, b) => a.startTick - b.startTick || a.key - b.key);
}

/** Ticks → seconds under the file's set-tempo events. */
export function tickSeconds(file: MidiFile): (tick: number) => number {
  const tempos = file.tracks
    .flatMap((t) => metas(t, META.tempo))
    .map((m) => ({ tick: m.tick, us: (m.data[0] << 16) | (m.data[1] << 8) | m.data[2] }))
    .sort((a, b) => a.tick - b.tick);
  const steps: { tick: number; s: number; us: number }[] = [{ tick: 0, s: 0, us: 500000 }];
  for (const t of tempos) {
    const p = steps[steps.length - 1];
    const s = p.s + ((t.tick - p.tick) * p.us) / 1e6 / file.ppq;
    if (t.tick === p.tick) steps[steps.length - 1] = { ...p, us: t.us };
    else steps.push({ tick: t.tick, s, us: t.us });
  }
  return (tick) => {
    let k = steps.length - 1;
    while (k > 0 && steps[k].tick > tick) k--;
    const p = steps[k];
    return p.s + ((tick - p.tick) * p.us) / 1e6 / file.ppq;
  };
}
