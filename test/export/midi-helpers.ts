/** Reading an exported plan back: bar lines from the time signatures, seconds of ticks. */
import { META } from '../../src/engine/export/midi/smf.ts';
import { metas, readMidi, readNotes, tickSeconds, type MidiFile } from '../../src/engine/export/midi/read.ts';

export function endTick(file: MidiFile): number {
  return Math.max(...file.tracks.map((t) => t.events[t.events.length - 1].tick));
}

/** Ticks of every bar line, as a DAW draws them from the time signatures. */
export function barLines(file: MidiFile): number[] {
  const sigs = metas(file.tracks[0], META.timeSignature).map((m) => ({ tick: m.tick, length: (m.data[0] * 4 * file.ppq) / 2 ** m.data[1] }));
  const end = endTick(file);
  const out: number[] = [];
  let k = 0;
  for (let tick = 0; tick < end; ) {
    while (k + 1 < sigs.length && sigs[k + 1].tick <= tick) k++;
    out.push(tick);
    tick += sigs[k].length;
  }
  return out;
}

export function readPlan(bytes: Uint8Array) {
  const file = readMidi(bytes);
  const seconds = tickSeconds(file);
  const notes = (track: number) => readNotes(file.tracks[track]).map((n) => ({ key: n.key, channel: n.channel, start: seconds(n.startTick), end: seconds(n.endTick), startTick: n.startTick }));
  return { file, seconds, notes };
}
