/**
 * The plan as a Standard MIDI File for a DAW (docs/midi-export.md): format 1 with three tracks,
 * 1. "Tempo map": set tempo, time signatures (tempo-map.ts), key signature, texts, markers;
 * 2. "Melody": the melody lane's notes (channel 1), octaves chosen by voicing.ts;
 * 3. "Chords": the harmony lane's chords voiced around C4 (channel 2), each label a lyric.
 * Notes and chords inside their lane's free spans are left out (cut at the span's edges): the
 * model chooses there, so they are not part of the plan; a marker names each free span instead.
 */
import { subtractSpan } from '../../curves/spans.ts';
import { DEFAULT_KEY } from '../../project/lanes/harmony.ts';
import type { FreeSpan, Project, Seconds } from '../../project/types.ts';
import { parseKey, type Key } from '../../harmony/symbols.ts';
import {
  keySignatureMeta, META, noteEvents, smfBytes, tempoMeta, textMeta, timeSignatureMeta, trackChunk, type TrackEvent,
} from './smf.ts';
import { DEFAULT_BPM, PPQ, secondsToTick, tempoMap, type TempoMap } from './tempo-map.ts';
import { chordKeys, melodyKeys } from './voicing.ts';

export const TRACK_NAMES = ['Tempo map', 'Melody', 'Chords'] as const;
export const MELODY_CHANNEL = 0;
export const CHORD_CHANNEL = 1;
const MELODY_VELOCITY = 96;
const CHORD_VELOCITY = 72;
/** Pieces of a note shorter than this after cutting out free spans are dropped. */
const MIN_PIECE_S = 0.001;
export const NO_TEMPO_TEXT = `No tempo drawn: ${DEFAULT_BPM} BPM assumed`;

/** The parts of [start, end) outside the free spans. */
export function outsideFree(start: Seconds, end: Seconds, free: readonly FreeSpan[]): FreeSpan[] {
  return free.reduce<FreeSpan[]>((parts, f) => subtractSpan(parts, f), [{ start, end }]).filter((p) => p.end - p.start >= MIN_PIECE_S);
}

/** Sharps (+) or flats (−) of a key's signature; F#/Gb major is written Gb (6 flats), as the lane spells it. */
export function keyFifths(key: Key): number {
  const major = key.mode === 'major' ? key.tonic : (key.tonic + 3) % 12;
  const n = (major * 7) % 12;
  return n >= 6 ? n - 12 : n;
}

function span(map: TempoMap, start: Seconds, end: Seconds): [number, number] {
  const a = secondsToTick(map, start);
  return [a, Math.max(a + 1, secondsToTick(map, end))];
}

function conductor(project: Project, map: TempoMap): TrackEvent[] {
  const { rhythm, melody, harmony } = project.lanes;
  const events: TrackEvent[] = [
    textMeta(0, META.trackName, TRACK_NAMES[0]),
    textMeta(0, META.text, `Undertone plan of "${project.name}": tempo map, meter, melody and chords`),
    ...map.tempos.map((t) => tempoMeta(t.tick, t.us)),
    ...map.signatures.map((s) => timeSignatureMeta(s.tick, s.numerator, s.denominator)),
  ];
  if (map.assumed) events.push(textMeta(0, META.text, NO_TEMPO_TEXT));
  if (harmony.chords.length > 0 || harmony.key !== DEFAULT_KEY) {
    const key = parseKey(harmony.key);
    events.push(keySignatureMeta(0, keyFifths(key), key.mode === 'minor'));
  }
  const lanes = [['rhythm', rhythm.free], ['melody', melody.free], ['harmony', harmony.free]] as const;
  for (const [lane, free] of lanes) {
    for (const f of free) events.push(textMeta(secondsToTick(map, f.start), META.marker, `${lane} free until ${f.end.toFixed(2)} s`));
  }
  return events;
}

function melodyTrack(project: Project, map: TempoMap): TrackEvent[] {
  const { notes, free } = project.lanes.melody;
  const sorted = [...notes].sort((a, b) => a.start - b.start);
  const keys = melodyKeys(sorted.map((n) => n.pitch));
  const events = [textMeta(0, META.trackName, TRACK_NAMES[1])];
  sorted.forEach((n, i) => {
    for (const p of outsideFree(n.start, n.end, free)) events.push(...noteEvents(MELODY_CHANNEL, keys[i], MELODY_VELOCITY, ...span(map, p.start, p.end)));
  });
  return events;
}

function chordTrack(project: Project, map: TempoMap): TrackEvent[] {
  const { chords, free } = project.lanes.harmony;
  const events = [textMeta(0, META.trackName, TRACK_NAMES[2])];
  for (const c of chords) {
    const keys = chordKeys(c.label);
    for (const p of outsideFree(c.start, c.end, free)) {
      const [a, b] = span(map, p.start, p.end);
      events.push(textMeta(a, META.lyric, c.label));
      for (const k of keys) events.push(...noteEvents(CHORD_CHANNEL, k, CHORD_VELOCITY, a, b));
    }
  }
  return events;
}

/** The project's plan as the bytes of a .mid file. */
export function planToMidi(project: Project): Uint8Array {
  const map = tempoMap(project.lanes.rhythm, project.duration);
  const end = secondsToTick(map, project.duration);
  const tracks = [conductor(project, map), melodyTrack(project, map), chordTrack(project, map)];
  return smfBytes(PPQ, tracks.map((t) => trackChunk(t, end)));
}
