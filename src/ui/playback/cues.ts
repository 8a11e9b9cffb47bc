/**
 * What the Transport plays besides the video: the metronome (a click on every beat of the rhythm
 * lane, accented on downbeats), the melody audition (the melody lane's notes on a synth) and
 * "Hear chords" (the harmony lane's chords on a soft polyphonic synth). All are Tone.Parts on the
 * Transport timeline, so Tone schedules each event ahead on the audio clock (sample-accurate,
 * through loops and seeks) instead of a timer per event.
 */
import * as Tone from 'tone';
import { chordEvents, melodyEvents, metronomeClicks, type AuditionEvent, type ChordEvent, type Click } from '../../engine/playback/sync.ts';
import type { Project } from '../../engine/project/types.ts';

/** Which cues sound (the switches of the transport bar). */
export interface CueSwitches {
  readonly metronome: boolean;
  readonly melody: boolean;
  readonly chords: boolean;
}

let click: Tone.Synth | null = null;
let voice: Tone.Synth | null = null;
let pad: Tone.PolySynth | null = null;
let metronome: Tone.Part<Click> | null = null;
let melody: Tone.Part<AuditionEvent> | null = null;
let harmony: Tone.Part<ChordEvent> | null = null;
let built: { lanes: Project['lanes']; duration: number } | null = null;

function synths(): { click: Tone.Synth; voice: Tone.Synth; pad: Tone.PolySynth } {
  click ??= new Tone.Synth({
    oscillator: { type: 'square' },
    envelope: { attack: 0.001, decay: 0.04, sustain: 0, release: 0.01 },
    volume: -10,
  }).toDestination();
  voice ??= new Tone.Synth({
    oscillator: { type: 'triangle' },
    envelope: { attack: 0.01, decay: 0.1, sustain: 0.6, release: 0.08 },
    volume: -8,
  }).toDestination();
  // Quieter than the melody, so a melody heard over its chords stays on top.
  pad ??= new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'sine' },
    envelope: { attack: 0.02, decay: 0.2, sustain: 0.7, release: 0.15 },
    volume: -16,
  }).toDestination();
  return { click, voice, pad };
}

/** (Re)build the Parts from the project's lanes when they changed; mute them per the switches. */
export function syncCues(project: Project, on: CueSwitches): void {
  const s = synths();
  if (!built || built.lanes.rhythm !== project.lanes.rhythm || built.duration !== project.duration) {
    metronome?.dispose();
    metronome = new Tone.Part<Click>((time, c) => {
      s.click.triggerAttackRelease(c.note, 0.03, time, c.velocity);
    }, metronomeClicks(project.lanes.rhythm, project.duration)).start(0);
  }
  if (!built || built.lanes.melody !== project.lanes.melody) {
    melody?.dispose();
    melody = new Tone.Part<AuditionEvent>((time, n) => {
      s.voice.triggerAttackRelease(n.note, n.duration, time);
    }, melodyEvents(project.lanes.melody.notes)).start(0);
  }
  if (!built || built.lanes.harmony !== project.lanes.harmony) {
    harmony?.dispose();
    harmony = new Tone.Part<ChordEvent>((time, c) => {
      s.pad.triggerAttackRelease([...c.notes], c.duration, time);
    }, chordEvents(project.lanes.harmony.chords)).start(0);
  }
  built = { lanes: project.lanes, duration: project.duration };
  metronome!.mute = !on.metronome;
  melody!.mute = !on.melody;
  harmony!.mute = !on.chords;
}

/** Cut notes and chords that are sounding (pause, seek). */
export function silenceCues(): void {
  voice?.triggerRelease();
  pad?.releaseAll();
}
