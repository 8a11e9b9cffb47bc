import { useEffect } from 'react';
import { hearChordsAction } from '../actions/hearChords.ts';
import { loopAction } from '../actions/toggles.ts';
import { activeLoop } from '../../engine/playback/sync.ts';
import { formatTime } from '../../engine/timeline/view.ts';
import { setPlayback, updateSettings, useStudio } from '../store/studio.ts';
import { togglePlayback } from './clock.ts';
import { ExportControls, GenerateButton } from './ExportControls.tsx';
import '../media/media.css';

/** Space plays/pauses unless the person is typing or a button/select has the focus (Space presses it). */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName));
}

export function usePlaybackShortcuts(): void {
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault(); // no page scroll
      togglePlayback();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, []);
}

/** Play / pause, the time readout, loop, metronome, melody and chord audition switches; Generate and Export at the end. */
export function TransportBar() {
  usePlaybackShortcuts();
  const time = useStudio((s) => s.playback.time);
  const playing = useStudio((s) => s.playback.playing);
  const audition = useStudio((s) => s.playback.audition);
  const chords = useStudio((s) => s.playback.chords);
  const duration = useStudio((s) => s.project.duration);
  const settings = useStudio((s) => s.project.settings);
  const loop = activeLoop(settings, duration);
  return (
    <div className="transport" data-testid="transport">
      <button type="button" onClick={togglePlayback} data-testid="play" aria-pressed={playing} title="Play / pause (Space)">
        {playing ? 'Pause' : 'Play'}
      </button>
      <span className="time" data-testid="time">{formatTime(time, 0.01)}</span>
      <span className="duration">/ {formatTime(duration, 0.01)}</span>
      <button type="button" onClick={loopAction.perform} aria-pressed={settings.loopEnabled} data-testid="loop"
        title="Loop a region (Shift+L; mark it with I and O at the playhead, or Shift+drag on the ruler)">
        Loop{loop ? ` ${formatTime(loop.start, 0.1)}–${formatTime(loop.end, 0.1)}` : ''}
      </button>
      <button type="button" onClick={() => updateSettings({ metronome: !settings.metronome })} aria-pressed={settings.metronome}
        data-testid="metronome" title="Click on every beat of the rhythm lane (accented downbeats)">
        Metronome
      </button>
      <button type="button" onClick={() => setPlayback({ audition: !audition })} aria-pressed={audition}
        data-testid="audition" title="Play the melody lane's notes on a synth">
        Hear melody
      </button>
      <button type="button" onClick={hearChordsAction.perform} aria-pressed={chords}
        data-testid="hear-chords" title="Play the harmony lane's chords on a synth (H)">
        Hear chords
      </button>
      <span className="spacer" />
      <GenerateButton />
      <ExportControls />
    </div>
  );
}
