/**
 * What the Transport plays besides the video: the metronome (a click on every beat of the rhythm
 * lane, accented on downbeats) and the melody audition (the melody lane's notes on a synth).
 * Both are Tone.Parts on the Transport timeline, so Tone schedules each click ahead on the audio
 * clock (sample-accurate, through loops and seeks) instead of a timer per click.
 */
import * as Tone from 'tone';
import { melodyEvents, metronomeClicks, type AuditionEvent, type Click } from '../../engine/playback/sync.ts';
import type { Project } from '../../engine/project/types.ts';

let click: Tone.Synth | null = null;
let voice: Tone.Synth | null = null;
let metronome: Tone.Part<Click> | null = null;
let melody: Tone.Part<AuditionEvent> | null = null;
let built: { lanes: Project['lanes']; duration: number } | null = null;

function synths(): { click: Tone.Synth; voice: Tone.Synth } {
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
  return { click, voice };
}

/** (Re)build the Parts from the project's lanes when they changed; mute them per the switches. */
export function syncCues(project: Project, metronomeOn: boolean, auditionOn: boolean): void {
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
  built = { lanes: project.lanes, duration: project.duration };
  metronome!.mute = !metronomeOn;
  melody!.mute = !auditionOn;
}

/** Cut a note that is sounding (pause, seek). */
export function silenceCues(): void {
  voice?.triggerRelease();
}
