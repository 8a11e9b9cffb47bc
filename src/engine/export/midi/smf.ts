/**
 * Standard MIDI File bytes (format 1): a track is a list of events at absolute ticks; writing
 * sorts them, turns ticks into delta times (variable-length quantities) and adds End of Track.
 * Only what the plan export needs: notes, set tempo, time and key signature, text metas.
 */

/** Meta event types (SMF 1.0). */
export const META = {
  text: 0x01,
  trackName: 0x03,
  lyric: 0x05,
  marker: 0x06,
  endOfTrack: 0x2f,
  tempo: 0x51,
  timeSignature: 0x58,
  keySignature: 0x59,
} as const;

export interface TrackEvent {
  readonly tick: number;
  /** The event's bytes after its delta time (status byte first). */
  readonly bytes: readonly number[];
  /** Order among events at the same tick: metas 0, note-offs 1, note-ons 2. */
  readonly order: number;
}

export function vlq(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0x0fffffff) throw new Error(`delta time ${n} out of range`);
  const out = [n & 0x7f];
  while ((n >>>= 7)) out.unshift((n & 0x7f) | 0x80);
  return out;
}

const utf8 = new TextEncoder();

export function metaEvent(tick: number, type: number, data: readonly number[] | Uint8Array): TrackEvent {
  return { tick, order: 0, bytes: [0xff, type, ...vlq(data.length), ...data] };
}

export function textMeta(tick: number, type: number, text: string): TrackEvent {
  return metaEvent(tick, type, utf8.encode(text));
}

/** Set tempo: microseconds per quarter note (24 bits). */
export function tempoMeta(tick: number, usPerQuarter: number): TrackEvent {
  const us = Math.max(1, Math.min(0xffffff, Math.round(usPerQuarter)));
  return metaEvent(tick, META.tempo, [(us >> 16) & 255, (us >> 8) & 255, us & 255]);
}

/** Time signature numerator/denominator (a power of two); the metronome clicks every quarter. */
export function timeSignatureMeta(tick: number, numerator: number, denominator: number): TrackEvent {
  const dd = Math.round(Math.log2(denominator));
  return metaEvent(tick, META.timeSignature, [numerator, dd, (24 * 4) / denominator, 8]);
}

/** Key signature: sharps (+) or flats (−), −7..7, and minor or major. */
export function keySignatureMeta(tick: number, fifths: number, minor: boolean): TrackEvent {
  return metaEvent(tick, META.keySignature, [fifths & 0xff, minor ? 1 : 0]);
}

export function noteEvents(channel: number, key: number, velocity: number, startTick: number, endTick: number): TrackEvent[] {
  return [
    { tick: startTick, order: 2, bytes: [0x90 | channel, key, velocity] },
    { tick: endTick, order: 1, bytes: [0x80 | channel, key, 0] },
  ];
}

function chunk(type: string, body: readonly number[]): number[] {
  const n = body.length;
  return [...type].map((c) => c.charCodeAt(0)).concat([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255], body);
}

/** A track chunk; End of Track goes at `endTick` or after the last event, whichever is later. */
export function trackChunk(events: readonly TrackEvent[], endTick = 0): number[] {
  const sorted = [...events].sort((a, b) => a.tick - b.tick || a.order - b.order);
  const body: number[] = [];
  let last = 0;
  for (const e of sorted) {
    body.push(...vlq(e.tick - last), ...e.bytes);
    last = e.tick;
  }
  body.push(...vlq(Math.max(0, endTick - last)), 0xff, META.endOfTrack, 0);
  return body;
}

/** A format-1 file from track bodies (trackChunk's output), `ppq` ticks per quarter note. */
export function smfBytes(ppq: number, tracks: readonly number[][]): Uint8Array {
  const head = chunk('MThd', [0, 1, (tracks.length >> 8) & 255, tracks.length & 255, (ppq >> 8) & 255, ppq & 255]);
  const out: number[] = head;
  for (const t of tracks) for (const b of chunk('MTrk', t)) out.push(b);
  return Uint8Array.from(out);
}
