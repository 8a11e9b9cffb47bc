/**
 * The studio's one clock. Tone's Transport, running on the AudioContext, is the master: the
 * metronome, the melody and chord auditions and (later) generated takes are scheduled on it. The <video>
 * follows it — every display frame the video's drift from the Transport is corrected (rate
 * nudge or seek, see engine/playback/sync.ts) and playback.time is published to the store.
 */
import * as Tone from 'tone';
import { activeLoop, correctVideo, smoothDrift, startTime, tickSafeStart, type TickFrequency } from '../../engine/playback/sync.ts';
import type { Seconds } from '../../engine/project/types.ts';
import { setPlayback, useStudio, type StudioState } from '../store/studio.ts';
import { silenceCues, syncCues, type CueSwitches } from './cues.ts';
import { settleTakes } from './take.ts';

let video: HTMLVideoElement | null = null;
let running = false;
let frame = 0;
/** AudioContext time at which the Transport starts from `offset` (lookAhead after the call). */
let startAt = 0;
let offset = 0;
/** Running mean of video − clock; null after a seek. */
let drift: Seconds | null = null;

const transport = () => Tone.getTransport();

/**
 * Tone schedules this far ahead of the audio clock. Set once, before the clock's first tick: each
 * tick covers Transport time up to now + lookAhead, and lowering lookAhead later (it was set on the
 * first Play) let the Transport start before the end of the span already ticked — the events at its
 * start, a take's Player among them, were never fired and the first Play after a load was silent.
 */
const LOOK_AHEAD = 0.05;
Tone.getContext().lookAhead = LOOK_AHEAD;

/**
 * The time being heard now: the Transport's position at the context's current time minus the
 * output latency (what the speakers play now was scheduled that long ago), so the picture shows
 * the frame that belongs to the sound in the room.
 */
function audibleTime(): Seconds {
  const ctx = Tone.getContext();
  const latency = (ctx.rawContext as { outputLatency?: number }).outputLatency ?? 0;
  const now = ctx.currentTime - Math.min(0.5, Math.max(0, latency));
  if (now < startAt) return offset;
  return transport().getSecondsAtTime(now);
}

const switches = (s: StudioState): CueSwitches =>
  ({ metronome: s.project.settings.metronome, melody: s.playback.audition, chords: s.playback.chords });

function applyLoop(s: StudioState): void {
  const loop = activeLoop(s.project.settings, s.project.duration);
  const tr = transport();
  if (loop) {
    tr.setLoopPoints(loop.start, loop.end);
    tr.loop = true;
  } else tr.loop = false;
}

function tick(): void {
  if (!running) return;
  const s = useStudio.getState();
  const t = audibleTime();
  if (!activeLoop(s.project.settings, s.project.duration) && t >= s.project.duration) {
    stop(s.project.duration);
    return;
  }
  if (video && video.readyState >= 1) {
    drift = smoothDrift(drift, video.currentTime - t);
    const fix = correctVideo(video.currentTime, t, drift);
    if (fix.seekTo !== null) {
      video.currentTime = fix.seekTo;
      drift = null;
    }
    if (video.playbackRate !== fix.rate) video.playbackRate = fix.rate;
    // Not past its end: play() on an ended video would restart it from 0.
    if (video.paused && !video.ended && t < video.duration - 0.05) {
      void video.play().catch(() => { /* the clock goes on; the picture catches up */ });
    }
  }
  setPlayback({ time: t });
  frame = requestAnimationFrame(tick);
}

function stop(at: Seconds): void {
  running = false;
  cancelAnimationFrame(frame);
  transport().stop();
  silenceCues();
  if (video) {
    video.pause();
    video.playbackRate = 1;
    video.currentTime = at;
  }
  setPlayback({ playing: false, time: at });
}

/** The Transport's tick-rate signal (for tickSafeStart): Tone keeps it private, so reach it defensively. */
function tickFrequency(): TickFrequency | null {
  const f = (transport() as unknown as { _clock?: { _tickSource?: { frequency?: Partial<TickFrequency> } } })._clock?._tickSource?.frequency;
  return f && typeof f.getTicksAtTime === 'function' && typeof f.getTimeOfTick === 'function' ? f as TickFrequency : null;
}

/** Start the Transport (and the video with it) at `t`. */
function run(t: Seconds): void {
  const s = useStudio.getState();
  syncCues(s.project, switches(s));
  applyLoop(s);
  const tr = transport();
  tr.stop();
  settleTakes(); // one Player per take, started with the Transport on the audio clock (take.ts)
  // now + lookAhead is the first moment Tone can still schedule sample-accurately; one render
  // quantum more keeps the start after the span the clock's last tick covered, even when the audio
  // clock has not moved since that tick
  startAt = tickSafeStart(Tone.now() + 128 / Tone.getContext().sampleRate, tickFrequency());
  offset = t;
  drift = null;
  tr.start(startAt, t);
  if (video) {
    video.currentTime = t;
    void video.play().catch(() => {});
  }
  running = true;
  setPlayback({ playing: true, time: t });
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(tick);
}

export async function startPlayback(): Promise<void> {
  if (running) return;
  await Tone.start(); // resumes the AudioContext; needs the click/keypress that called us
  const s = useStudio.getState();
  const loop = activeLoop(s.project.settings, s.project.duration);
  run(startTime(s.playback.time, s.project.duration, loop));
}

export function pausePlayback(): void {
  if (running) stop(audibleTime());
}

export function togglePlayback(): void {
  if (running) pausePlayback();
  else void startPlayback();
}

/** Move the playhead (ruler click, scrub); playing goes on from there. */
export function seekTo(t: Seconds): void {
  const d = useStudio.getState().project.duration;
  const at = Math.max(0, Math.min(d, t));
  if (running) {
    silenceCues();
    run(at);
  } else {
    if (video) video.currentTime = at;
    setPlayback({ time: at });
  }
}

/** The visible player registers itself; null when it unmounts. */
export function attachVideo(el: HTMLVideoElement | null): void {
  video = el;
  if (el) el.currentTime = useStudio.getState().playback.time;
}

// Follow the store: edits to lanes and switches while playing, a stop from outside (project load).
useStudio.subscribe((s, prev) => {
  if (!running) return;
  if (prev.playback.playing && !s.playback.playing) {
    stop(s.playback.time);
    return;
  }
  if (s.project.lanes !== prev.project.lanes || s.project.settings !== prev.project.settings || s.playback.audition !== prev.playback.audition
    || s.playback.chords !== prev.playback.chords || s.project.duration !== prev.project.duration) {
    syncCues(s.project, switches(s));
    applyLoop(s);
  }
});
