/**
 * `undertone analyze`: video descriptors, shot cuts and proposed curves as JSON, from a video file
 * (decoded by ffmpeg) or from raw frames (Y4M or rgb24) so training can analyse synthetic video.
 */
import { writeFileSync } from 'node:fs';
import { analyzeFrames, type FrameDescriptor, type TimedFrame } from '../video/analyzer.ts';
import type { RgbFrame } from '../video/frame.ts';
import { proposeCurves } from '../video/proposals.ts';
import type { CliCommand } from './commands.ts';
import { ffmpegFrames, rawFrames, y4mFrames, VideoInputError } from './video-frames.ts';

const USAGE = `usage: undertone analyze <video> [--out video.json] [--no-descriptors]
       undertone analyze --y4m <file|-> [--out video.json]
       undertone analyze --raw WxH --fps N <file|-> [--out video.json]

Computes the video descriptors (patch, frame and context level, at the analysis rate), the shot
cuts and the proposed rhythm/intensity/valence/arousal lanes. Without --out, JSON goes to stdout.
A video file is decoded with ffmpeg; --y4m reads YUV4MPEG2 and --raw packed rgb24 frames, from a
file or from stdin ("-"). docs/video.md describes every field.`;

export const ANALYSIS_FORMAT = 'undertone-video-analysis';

interface Options {
  input: string;
  mode: 'video' | 'y4m' | 'raw';
  out: string | null;
  descriptors: boolean;
  raw?: { width: number; height: number; fps: number };
}

export function parseAnalyzeArgs(args: readonly string[]): Options {
  const opts: Partial<Options> & { descriptors: boolean } = { mode: 'video', out: null, descriptors: true };
  let size: string | null = null, fps: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new VideoInputError(`${a} needs a value\n\n${USAGE}`);
      return v;
    };
    if (a === '--out' || a === '-o') opts.out = value();
    else if (a === '--y4m') { opts.mode = 'y4m'; opts.input = value(); }
    else if (a === '--raw') { opts.mode = 'raw'; size = value(); }
    else if (a === '--fps') fps = Number(value());
    else if (a === '--no-descriptors') opts.descriptors = false;
    else if (a.startsWith('-') && a !== '-') throw new VideoInputError(`unknown option ${a}\n\n${USAGE}`);
    else opts.input = a;
  }
  if (!opts.input) throw new VideoInputError(`no input given\n\n${USAGE}`);
  if (opts.mode === 'raw') {
    const m = /^(\d+)x(\d+)$/.exec(size ?? '');
    if (!m || !(fps && fps > 0)) throw new VideoInputError(`--raw needs WxH and --fps N (e.g. --raw 320x180 --fps 25)`);
    opts.raw = { width: Number(m[1]), height: Number(m[2]), fps };
  }
  return opts as Options;
}

export function frameSource(o: Options): AsyncIterable<RgbFrame> {
  if (o.mode === 'y4m') return y4mFrames(o.input);
  if (o.mode === 'raw') return rawFrames(o.input, o.raw!.width, o.raw!.height, o.raw!.fps);
  return ffmpegFrames(o.input);
}

const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export async function analyzeToJson(o: Options): Promise<Record<string, unknown>> {
  return analysisJson(frameSource(o), { input: o.input, mode: o.mode }, o.descriptors);
}

/**
 * The analysis file of any frame sequence at the analysis rate: `analyze` calls it on a file's
 * frames, training's synthetic videos (scripts/synthetic-video.ts) on frames rendered in memory, so
 * both write the same descriptors in the same format.
 */
export async function analysisJson(
  frames: AsyncIterable<TimedFrame> | Iterable<TimedFrame>,
  source: { input: string; mode: string },
  descriptors = true,
): Promise<Record<string, unknown>> {
  const o = { ...source, descriptors };
  const frame: number[][] = [], context: number[][] = [], patch: number[][] = [];
  const keep = (d: FrameDescriptor): void => {
    if (!o.descriptors) return;
    frame.push(Array.from(d.frame, r6));
    context.push(Array.from(d.context, r6));
    patch.push(Array.from(d.patch, r6));
  };
  let analysis;
  try {
    analysis = await analyzeFrames(frames, keep);
  } catch (e) {
    if (e instanceof Error && e.name === 'NoFramesError') {
      throw new VideoInputError(`${o.input === '-' ? 'stdin' : o.input} has no frames to analyse`);
    }
    throw e;
  }
  const p = proposeCurves(analysis);
  return {
    format: ANALYSIS_FORMAT,
    spec: analysis.spec,
    source,
    frameCount: analysis.frameCount,
    duration: analysis.duration,
    cuts: analysis.cuts,
    proposals: { tempo: p.tempo, rhythm: p.rhythm, intensity: p.intensity, valence: p.valence, arousal: p.arousal },
    ...(o.descriptors ? { descriptors: { frame, context, patch } } : {}),
  };
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'video descriptors, shot cuts and proposed curves (JSON)',
  usage: USAGE,
  async run(args) {
    const opts = parseAnalyzeArgs(args);
    const json = await analyzeToJson(opts);
    const text = JSON.stringify(json);
    if (opts.out) {
      writeFileSync(opts.out, text);
      const cuts = (json.cuts as unknown[]).length;
      console.error(`analyzed ${json.frameCount} frames (${json.duration} s): ${cuts} cuts → ${opts.out}`);
    } else {
      process.stdout.write(text + '\n');
    }
    return 0;
  },
};
