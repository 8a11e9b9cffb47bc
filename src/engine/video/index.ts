/** Video analysis: descriptors, shot cuts and curve proposals (docs/video.md). */
export * from './spec.ts';
export { VideoAnalyzer, analyzeFrames, NoFramesError, type FrameDescriptor, type VideoAnalysis } from './analyzer.ts';
export type { Cut, CutKind } from './cuts.ts';
export type { RgbFrame } from './frame.ts';
export { rgbaToRgb, scaleFrame } from './frame.ts';
export { FrameSampler } from './sampler.ts';
export { Y4mReader } from './y4m.ts';
export type { VideoSeries } from './series.ts';
export { proposeCurves, proposeRhythm, type VideoProposals } from './proposals.ts';
export { suggestTempo, type TempoSuggestion } from './tempo.ts';
export { yuvToAnalysisFrame, YUV_FORMATS, type YuvPlanes, type YuvFormat } from './yuv.ts';
