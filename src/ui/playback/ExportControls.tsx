import { useEffect } from 'react';
import type { ExportRate, WavFormat } from '../../engine/project/types.ts';
import { exportMidiAction } from '../actions/exportMidi.ts';
import { exportMp4Action } from '../actions/exportMp4.ts';
import { exportWavAction, wavUnavailable } from '../actions/exportWav.ts';
import { generateAction } from '../actions/generate.ts';
import { findPack } from '../generate/run-generation.ts';
import { updateSettings, useStudio } from '../store/studio.ts';
import { useTakes } from '../takes/takes-state.ts';
import { Mp4ExportStatus } from './Mp4ExportStatus.tsx';
import { useMp4Export } from './exportMp4.ts';

/** Export format and rate (saved with the project), Export WAV, Export MP4 (the video with the take), and Export MIDI (the take's plan, or the plan when there is no take); they name the take they export. */
export function ExportControls() {
  const format = useStudio((s) => s.project.settings.exportFormat);
  const rate = useStudio((s) => s.project.settings.exportRate);
  const reason = useStudio((s) => wavUnavailable(s));
  const hasVideo = useStudio((s) => !!s.media.file && !!s.project.video);
  const mp4 = useMp4Export();
  // the take in use (Use, A/B, [ / ]): WAV, MP4 and MIDI all export it
  const takeName = useTakes((t) => t.takes.find((x) => x.id === t.current)?.name ?? null);
  return (
    <div className="export-controls" data-testid="export-controls">
      <select value={format} aria-label="WAV format" data-testid="export-format"
        onChange={(e) => updateSettings({ exportFormat: e.target.value as WavFormat })}>
        <option value="pcm16">16-bit PCM</option>
        <option value="float32">32-bit float</option>
      </select>
      <select value={rate} aria-label="Sample rate" data-testid="export-rate"
        onChange={(e) => updateSettings({ exportRate: Number(e.target.value) as ExportRate })}>
        <option value={32000}>32 kHz</option>
        <option value={48000}>48 kHz</option>
      </select>
      <button type="button" disabled={!!reason} title={reason || `Download ${takeName ? `“${takeName}”` : 'the take'} as WAV (Shift+W)`} data-testid="export-wav"
        onClick={exportWavAction.perform}>Export WAV</button>
      <button type="button" disabled={mp4.kind !== 'running' && (!!reason || !hasVideo)} data-testid="export-mp4"
        title={mp4.kind === 'running' ? 'Cancel the MP4 export' : reason || (hasVideo ? `${exportMp4Action.label} (Shift+E)` : 'Open the video first')}
        onClick={exportMp4Action.perform}>{mp4.kind === 'running' ? 'Cancel MP4' : 'Export MP4'}</button>
      <button type="button" title={`${exportMidiAction.label} (Shift+M)`} data-testid="export-midi"
        onClick={exportMidiAction.perform}>Export MIDI</button>
      {takeName && !reason && <span className="reason" data-testid="export-take">Exports “{takeName}”</span>}
      {reason && <span className="reason" data-testid="export-reason">{reason}</span>}
      <Mp4ExportStatus />
    </div>
  );
}

/** Generate (G): enabled once an offered pack is found; while writing it cancels. */
export function GenerateButton() {
  useEffect(() => { void findPack(); }, []);
  const pack = useStudio((s) => s.generation.pack);
  const writing = useStudio((s) => s.generation.run.kind === 'running');
  const why = pack.kind === 'none' ? pack.why : pack.kind === 'unknown' ? 'Looking for the music pack…' : '';
  return (
    <button type="button" disabled={!writing && !!why} title={why || `${generateAction.label} (G)`} data-testid="generate" data-pack={pack.kind}
      onClick={generateAction.perform} aria-pressed={writing}>
      {writing ? 'Cancel generation' : 'Generate'}
    </button>
  );
}
