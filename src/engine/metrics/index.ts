export { pcc, ccc, rmse, type Pair } from './correlation.ts';
export { melodyAccuracy, melodyFrameHits } from './melody.ts';
export { beatF1, downbeatF1, matchBeats, BEAT_TOLERANCE_S, type BeatMatch, type F1 } from './beats.ts';
export { comparedBeats, scoreControls, type ControlScores, type CurveScores } from './evaluate.ts';
export { adherence, askedChords, type Adherence, type LaneAdherence, type LaneScore, type PointPair } from './adherence.ts';
export {
  centsBetween, chromaCosine, estimateF0, NOTE_TOLERANCE_CENTS, noteScores, roundTripScores, summariseRoundTrips,
  type MelodyNote, type NoteScores, type RoundTripScores, type RoundTripSummary,
} from './pitch.ts';
export { cutsOnBeat, CUT_BEAT_TOLERANCE_S, type CutsOnBeat } from './cuts.ts';
export { frechetDistance, frechetGaussians, gaussianOf, sqrtSymmetric, symmetricEigen, type Gaussian, type Matrix } from './frechet.ts';
export { highPass, joinSpreads, measureJoins, spread, JOIN_MEASURE_DEFAULTS, type JoinAudibility, type JoinMeasureOptions, type PointAudibility, type Spread } from './joins.ts';
// chord accuracy lives with the recogniser it scores; re-exported so a report imports one module
export { majminAccuracy, type MajminScore } from '../harmony/accuracy.ts';
