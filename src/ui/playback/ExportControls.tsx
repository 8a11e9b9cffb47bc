import type { ExportRate, WavFormat } from '../../engine/project/types.ts';
import { exportMidiAction } from '../actions/exportMidi.ts';
import { updateSettings, useStudio } from '../store/studio.ts';

/** Why Generate and Export cannot be used yet: said on the page, not faked. */
export const NO_TAKE_REASON = 'No take yet — generation arrives with the model pack';

/** Export format and rate (saved with the project), the Export WAV button, and Export MIDI (the plan, no take needed). */
export function ExportControls() {
  const format = useStudio((s) => s.project.settings.exportFormat);
  const rate = useStudio((s) => s.project.settings.exportRate);
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
      {/* Enabled by the generation issue, which also passes the take's PCM to downloadTake(). */}
      <button type="button" disabled title={NO_TAKE_REASON} data-testid="export-wav">Export WAV</button>
      <button type="button" title={`${exportMidiAction.label} (Shift+M)`} data-testid="export-midi"
        onClick={exportMidiAction.perform}>Export MIDI</button>
      <span className="reason" data-testid="export-reason">{NO_TAKE_REASON}</span>
    </div>
  );
}

export function GenerateButton() {
  return (
    <button type="button" disabled title={NO_TAKE_REASON} data-testid="generate">Generate</button>
  );
}
