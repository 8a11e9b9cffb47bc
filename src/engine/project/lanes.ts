import type { CurveLane, LaneId, Lanes, MelodyLane, RhythmLane } from './types.ts';

/** What the UI and the control encoder need to know about each lane: one registry line each. */
export interface LaneSpec {
  readonly id: LaneId;
  readonly label: string;
  /** Unit shown on the value axis. */
  readonly unit: string;
  /** Value range of the curve (rhythm: BPM of the tempo curve; melody: pitch classes). */
  readonly min: number;
  readonly max: number;
  /** Value a freshly drawn point snaps back to on double-click. */
  readonly neutral: number;
  readonly kind: 'rhythm' | 'curve' | 'melody';
  readonly help: string;
}

export const LANE_SPECS: readonly LaneSpec[] = [
  { id: 'rhythm', label: 'Rhythm', unit: 'BPM', min: 30, max: 300, neutral: 120, kind: 'rhythm',
    help: 'Tempo curve, meter and phase give the beat grid; downbeats are marked. Drag, add or remove single beats.' },
  { id: 'intensity', label: 'Intensity', unit: 'dB', min: -18, max: 18, neutral: 0, kind: 'curve',
    help: 'Loudness relative to the mix reference, ±18 dB.' },
  { id: 'melody', label: 'Melody', unit: 'pitch class', min: 0, max: 11, neutral: 0, kind: 'melody',
    help: 'One note at a time: the dominant pitch class the music should follow.' },
  { id: 'valence', label: 'Valence', unit: '', min: -1, max: 1, neutral: 0, kind: 'curve',
    help: 'Negative (sad, tense) to positive (happy, warm).' },
  { id: 'arousal', label: 'Arousal', unit: '', min: -1, max: 1, neutral: 0, kind: 'curve',
    help: 'Calm to excited.' },
];

export const LANE_IDS: readonly LaneId[] = LANE_SPECS.map((s) => s.id);

export function laneSpec(id: LaneId): LaneSpec {
  const spec = LANE_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown lane ${id}`);
  return spec;
}

export const PITCH_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'] as const;

export function emptyCurveLane(): CurveLane {
  return { kind: 'curve', points: [], free: [] };
}

export function emptyRhythmLane(): RhythmLane {
  return { kind: 'rhythm', tempo: [], beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: [] };
}

export function emptyMelodyLane(): MelodyLane {
  return { kind: 'melody', notes: [], free: [] };
}

export function emptyLanes(): Lanes {
  return {
    rhythm: emptyRhythmLane(),
    intensity: emptyCurveLane(),
    melody: emptyMelodyLane(),
    valence: emptyCurveLane(),
    arousal: emptyCurveLane(),
  };
}
