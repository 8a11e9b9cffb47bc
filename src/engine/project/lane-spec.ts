/**
 * What a lane is, in one place: its data, empty value, validation, row height, control encoder,
 * proposals and edits. A lane is one file in lanes/ exporting a LaneSpec, plus one line in the
 * registry (lanes.ts); the studio finds its body component by the lane's id (src/ui/lanes/views.ts).
 * Nothing here knows React or the DOM, so the CLI and the tests use the same specs.
 */
import type { Extraction } from '../controls/extract.ts';
import type { ControlName, ControlTrack } from '../controls/types.ts';
import type { VideoProposals } from '../video/proposals.ts';
import type { FreeSpan, Seconds } from './types.ts';

/** Every lane's data has a kind and free spans (frames left to the model). */
export interface LaneData {
  readonly kind: string;
  readonly free: readonly FreeSpan[];
}

/** What a selection on a lane holds: indices of curve points, or ids of notes and chords. */
export type ItemKey = number | string;

/** The value axis of a lane that has one (curves, the tempo map, pitch classes). */
export interface LaneAxis {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Value a freshly drawn point snaps back to on double-click. */
  readonly neutral: number;
}

/** One count checked against the project limits ("5000 melody notes"). */
export interface LaneCount {
  readonly n: number;
  readonly max: number;
  readonly what: string;
}

/** Part of a one-line project summary: a count of things ("3 notes") or a phrase ("120 BPM"). */
export type SummaryPart =
  | { readonly count: number; readonly one: string; readonly many: string }
  | { readonly text: string };

export interface EncodeContext {
  readonly duration: Seconds;
  readonly frames: number;
  readonly frameRate: number;
}

/** A proposed lane drawn small; x runs over `duration`. Pure geometry, drawn by the panels. */
export interface PreviewBox { readonly width: number; readonly height: number; readonly duration: number }

export type LanePreview =
  | { readonly kind: 'curve'; readonly points: string; readonly summary: string }
  | { readonly kind: 'rhythm'; readonly ticks: readonly { x: number; downbeat: boolean }[]; readonly summary: string }
  | { readonly kind: 'melody'; readonly notes: readonly { x: number; y: number; w: number }[]; readonly summary: string }
  | { readonly kind: 'blocks'; readonly blocks: readonly { x: number; w: number; label: string }[]; readonly summary: string }
  | { readonly kind: 'empty'; readonly summary: string };

/** A lane proposed from the picture, with a line that says what was found (else the preview's). */
export interface PictureProposal<L> {
  readonly lane: L;
  readonly summary?: string;
}

export interface LaneSpec<Id extends string = string, L extends LaneData = LaneData> {
  readonly id: Id;
  readonly label: string;
  /** Tooltip of the lane's header. */
  readonly help: string;
  /** Height of the lane's row on the timeline, px. */
  readonly height: number;
  readonly axis?: LaneAxis;
  /** Project format version that introduced the lane: older files get an empty one (migrate.ts). */
  readonly since: number;
  /** The lane with nothing drawn: no instruction to the model. */
  empty(): L;
  /** Validate the lane read from a file; `path` names it in messages, times lie in [0, horizon]. */
  parse(v: unknown, path: string, horizon: Seconds): L;
  /** What the project limits bound (free spans are counted for every lane by limits.ts). */
  counts(lane: L): readonly LaneCount[];
  /** The lane cut to `duration` for a file, and how many items were left out. */
  trim(lane: L, duration: Seconds): { readonly lane: L; readonly dropped: number };
  summary(lane: L): readonly SummaryPart[];
  /** The model control this lane instructs; `encode` writes into that control's track. */
  readonly control: ControlName;
  encode(lane: L, track: ControlTrack, ctx: EncodeContext): void;
  preview(lane: L, box: PreviewBox): LanePreview;
  /** The lane proposed from a reference track's extracted controls. */
  fromExtraction?(x: Extraction): L;
  /** The lane proposed from the video analysis; null when the picture says nothing about it. */
  fromPicture?(p: VideoProposals, duration: Seconds): PictureProposal<L> | null;
  /** Delete the selected items. */
  remove(lane: L, items: readonly ItemKey[]): L;
  /** Move the selected items by dt seconds and `steps` value steps (arrow keys). */
  nudge(lane: L, items: readonly ItemKey[], dt: Seconds, steps: number, duration: Seconds): L;
}
