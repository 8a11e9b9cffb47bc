/** The harmony lane's key (its palette, and how its chords are spelled): one undo step. */
import { keyLabel, normaliseLabel, parseKey, prefersFlats } from '../../engine/harmony/symbols.ts';
import { editLane } from '../store/studio.ts';

export function setHarmonyKey(key: string): void {
  const k = parseKey(key);
  const flats = prefersFlats(k);
  // The chords keep their sound; only their spelling follows the key (A# in F major reads Bb).
  editLane('harmony', (l) => ({ ...l, key: keyLabel(k), chords: l.chords.map((c) => ({ ...c, label: normaliseLabel(c.label, flats) })) }), true);
}
