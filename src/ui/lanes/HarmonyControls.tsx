/**
 * The harmony lane's header: its key, a field to type a chord (Enter adds it at the playhead, or
 * relabels the selected chords), ♭ / ♯ to transpose the selection, and the key's chords as a
 * palette (a click does what typing that chord does).
 */
import { useState } from 'react';
import { chordLabel, keyChords, keyLabel, parseKey, prefersFlats, type Mode } from '../../engine/harmony/symbols.ts';
import { addChord } from '../actions/addChord.ts';
import { setHarmonyKey } from '../actions/harmonyKey.ts';
import { proposeChordsAction } from '../actions/proposeChords.ts';
import { transposeDownAction, transposeUpAction } from '../actions/transposeChords.ts';
import { useStudio } from '../store/studio.ts';

const KEYS = (['major', 'minor'] as Mode[]).flatMap((mode) => Array.from({ length: 12 }, (_, tonic) => keyLabel({ tonic, mode })));

export function HarmonyControls() {
  const laneKey = useStudio((s) => s.project.lanes.harmony.key);
  const selected = useStudio((s) => (s.selection?.lane === 'harmony' ? s.selection.items.length : 0));
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const key = parseKey(laneKey);
  const palette = keyChords(key).map((c) => chordLabel(c, prefersFlats(key)));
  const enter = () => {
    const ok = addChord(text);
    setInvalid(!ok);
    if (ok) setText('');
  };
  return (
    <div className="harmony-controls">
      <select value={laneKey} aria-label="Key of the harmony lane" data-testid="harmony-key" onChange={(e) => setHarmonyKey(e.target.value)}>
        {KEYS.map((k) => <option key={k} value={k}>{k}</option>)}
      </select>
      <div className="chord-entry">
        <input value={text} data-testid="chord-input" aria-invalid={invalid} className={invalid ? 'invalid' : undefined}
          placeholder={selected ? 'Relabel ⏎' : 'Chord ⏎'} aria-label="Type a chord (Am, F#, Bb7, N) and press Enter"
          title={selected ? 'Enter relabels the selected chords' : 'Enter adds the chord at the playhead, snapped to the beat, to the next bar line'}
          onChange={(e) => { setText(e.target.value); setInvalid(false); }}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); enter(); } }} />
        <button type="button" className="small" data-testid="transpose-down" disabled={!selected}
          title={`${transposeDownAction.label} (↓)`} onClick={transposeDownAction.perform}>♭</button>
        <button type="button" className="small" data-testid="transpose-up" disabled={!selected}
          title={`${transposeUpAction.label} (↑)`} onClick={transposeUpAction.perform}>♯</button>
      </div>
      <button type="button" className="small" data-testid="propose-chords" title={`${proposeChordsAction.label} (P)`}
        onClick={proposeChordsAction.perform}>Propose chords</button>
      <div className="chord-palette" role="group" aria-label={`Chords of ${laneKey}`}>
        {palette.map((label) => (
          <button key={label} type="button" className="small chip" data-testid="palette-chord"
            title={selected ? `Make the selected chords ${label}` : `Add ${label} at the playhead`} onClick={() => addChord(label)}>{label}</button>
        ))}
      </div>
    </div>
  );
}
