/** Tempo, meter and phase of the rhythm lane, in its header. */
import { sampleCurve } from '../../engine/curves/curve.ts';
import { editLane, useStudio } from '../store/studio.ts';

const METERS = [2, 3, 4, 5, 6, 7];

export function RhythmControls() {
  const lane = useStudio((s) => s.project.lanes.rhythm);
  const time = useStudio((s) => s.playback.time);
  const bpm = lane.tempo.length ? Math.round(sampleCurve(lane.tempo, time) * 10) / 10 : '';
  const varies = new Set(lane.tempo.map((p) => p.v)).size > 1;
  return (
    <div className="rhythm-controls">
      <label title={varies ? 'The tempo changes over time; typing a value makes it steady' : 'Steady tempo'}>
        <input type="number" min={30} max={300} step={1} value={bpm} placeholder="BPM" aria-label="Tempo (BPM)" data-testid="bpm"
          onChange={(e) => {
            const v = Number(e.target.value);
            if (!Number.isFinite(v) || v < 30 || v > 300) return;
            editLane('rhythm', (l) => ({ ...l, tempo: [{ t: 0, v }] }), true);
          }} />
        BPM{varies ? '*' : ''}
      </label>
      <label>
        <select value={lane.beatsPerBar} aria-label="Beats per bar" data-testid="meter"
          onChange={(e) => editLane('rhythm', (l) => ({ ...l, beatsPerBar: Number(e.target.value) }), true)}>
          {METERS.map((m) => <option key={m} value={m}>{m}/4</option>)}
        </select>
      </label>
      <button type="button" className="small" title="Put a downbeat at the playhead (sets the phase)"
        onClick={() => editLane('rhythm', (l) => ({ ...l, phase: time, moved: [], removed: [] }), true)}>
        ⤓ here
      </button>
    </div>
  );
}
