/**
 * What a clip's synthetic video shows, frame by frame, decided from the clip's extracted controls
 * (an `undertone extract` file, docs/controls.md): training pairs every music clip with a video whose
 * picture follows its music the way the issue asks (docs/music-model.md, "Data"):
 *  - a shot changes (a hard cut to another scene) or the picture flashes only on downbeats;
 *  - motion speed follows intensity and arousal;
 *  - hue (cool blue → warm orange) and brightness follow valence; saturation follows arousal.
 * Real videos are not made this way; the model learns these pairings and no others (see the model card).
 */
import { ANALYSIS_FPS } from '../../src/engine/video/spec.ts';
import { mulberry32 as rng } from '../../src/engine/random.ts';
import { SCENE_KINDS, type SceneKind } from './scenes.ts';

/** The parts of a controls.json the plan reads. */
export interface ControlsFile {
  readonly frames: number;
  readonly frameRate: number;
  readonly downbeats?: readonly number[];
  readonly controls: Record<string, { values: number[][]; mask: number[][] } | undefined>;
}

export interface Shot {
  /** First video frame of the shot. */
  readonly frame: number;
  readonly kind: SceneKind;
  /** Seeds the scene's layout (positions, angles, sizes). */
  readonly seed: number;
  /** Palette: hue offsets (degrees) from the valence hue, saturation and value multipliers. */
  readonly palette: ReadonlyArray<{ dh: number; s: number; v: number }>;
  /** Direction (radians) the light comes from: the picture is brighter on that side. */
  readonly light: number;
}

export interface FramePlan {
  /** Valence, arousal in [-1, 1]; 0 where the control is masked. */
  readonly valence: number;
  readonly arousal: number;
  /** 0..1 from intensity and arousal: how fast things move. */
  readonly energy: number;
  /** Render pixels per frame the scene's content travels. */
  readonly speed: number;
  /** 0..1: how far this frame is pushed toward white (a flash on a downbeat). */
  readonly flash: number;
}

export interface VideoPlan {
  readonly frames: FramePlan[];
  readonly shots: Shot[];
  /** Video frames where a downbeat put a cut / a flash. */
  readonly cuts: number[];
  readonly flashes: number[];
}

/** Knobs of the plan, fixed here so every clip of a data set is made alike. */
export const PLAN = {
  /** A cut needs at least this long a shot before it (the analyser merges shots under 0.4 s). */
  minShotS: 1.2,
  /** Probability that a downbeat far enough from the last cut gets a cut; else a flash with pFlash. */
  pCut: 0.7,
  pFlash: 0.6,
  /** Flash strength on the downbeat frame (one frame: the analyser does not take it for a cut). */
  flash: [0.7],
  /**
   * Intensity (dBFS) mapped to 0..1 between these: tracks are normalised to -20 dBFS, and extracted
   * intensity of composer clips spans -27..-18 dB (5-95 %), so a wider span would leave motion flat.
   */
  intensityDb: [-32, -12],
  /** Speed in render pixels per frame at energy 0 and 1. */
  speed: [0.2, 4],
} as const;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Mean of a control column over the token frames of video frame j (masked frames count as 0). */
function column(c: ControlsFile, name: string, col: number, per: number, j: number, fallback: number): number {
  const track = c.controls[name];
  if (!track) return fallback;
  let sum = 0, n = 0;
  for (let t = j * per; t < Math.min(c.frames, (j + 1) * per); t++) {
    sum += track.mask[t][col] ? track.values[t][col] : fallback;
    n++;
  }
  return n ? sum / n : fallback;
}

function newShot(frame: number, prev: Shot | null, r: () => number): Shot {
  const kinds = SCENE_KINDS.filter((k) => k !== prev?.kind); // a cut always changes the scene kind
  const kind = kinds[Math.floor(r() * kinds.length)];
  // What the cut detector compares is gain-invariant: hue histogram and patch layout. So a cut also
  // moves the shot's hue to the other side of the valence hue (20-40° off it, alternating: the
  // valence hue stays the mean) and turns the light to the opposite side (±45°).
  const side = prev && prev.palette[0].dh < 0 ? 1 : -1;
  const base = side * (20 + 20 * r());
  const spread = (r() < 0.5 ? -1 : 1) * (15 + 20 * r());
  const palette = [
    { dh: base, s: 0.55 + 0.3 * r(), v: 0.55 + 0.25 * r() },
    { dh: base + spread, s: 0.6 + 0.4 * r(), v: 0.8 + 0.2 * r() },
    { dh: base - spread, s: 0.5 + 0.4 * r(), v: 0.35 + 0.4 * r() },
    { dh: base + 180 + (r() - 0.5) * 60, s: 0.3 + 0.4 * r(), v: 0.7 + 0.3 * r() },
  ];
  const light = prev ? prev.light + Math.PI + (r() - 0.5) * (Math.PI / 2) : r() * 2 * Math.PI;
  return { frame, kind, seed: Math.floor(r() * 2 ** 31), palette, light };
}

export function planVideo(c: ControlsFile, seed: number): VideoPlan {
  const per = c.frameRate / ANALYSIS_FPS; // token frames per video frame (5 at 50 Hz)
  const Tv = Math.ceil(c.frames / per);
  const r = rng(seed);
  const frames: FramePlan[] = [];
  const [dbLo, dbHi] = PLAN.intensityDb;
  for (let j = 0; j < Tv; j++) {
    const valence = clamp(column(c, 'emotion', 0, per, j, 0), -1, 1);
    const arousal = clamp(column(c, 'emotion', 1, per, j, 0), -1, 1);
    const loud = clamp((column(c, 'intensity', 0, per, j, dbLo) - dbLo) / (dbHi - dbLo), 0, 1);
    const energy = clamp(0.5 * loud + 0.5 * (arousal + 1) / 2, 0, 1);
    frames.push({ valence, arousal, energy, speed: PLAN.speed[0] + (PLAN.speed[1] - PLAN.speed[0]) * energy, flash: 0 });
  }
  const shots: Shot[] = [newShot(0, null, r)];
  const cuts: number[] = [], flashes: number[] = [];
  const minShot = Math.round(PLAN.minShotS * ANALYSIS_FPS);
  // The frame nearest each downbeat (±50 ms at 10 fps); a cut's first new picture is that frame.
  const beats = [...new Set((c.downbeats ?? []).map((t) => Math.round(t * ANALYSIS_FPS)))].filter((j) => j >= 0 && j < Tv);
  for (const j of beats) {
    const last = shots[shots.length - 1].frame;
    if (j - last >= minShot && Tv - j >= minShot / 2 && r() < PLAN.pCut) {
      shots.push(newShot(j, shots[shots.length - 1], r));
      cuts.push(j);
    } else if (r() < PLAN.pFlash) {
      flashes.push(j);
      PLAN.flash.forEach((w, k) => {
        if (j + k < Tv) frames[j + k] = { ...frames[j + k], flash: Math.max(frames[j + k].flash, w) };
      });
    }
  }
  return { frames, shots, cuts, flashes };
}
