/**
 * The video condition for `undertone generate`: descriptors from a video file (analysed here with
 * the same analyser as `undertone analyze`) or from an analysis JSON that command wrote, checked
 * against the pack's descriptor spec (docs/video.md, docs/pack-format.md).
 */
import { readFile } from 'node:fs/promises';
import type { VideoDescriptors } from '../generate/inputs.ts';
import type { MusicManifest } from '../pack/manifest.ts';
import { ANALYSIS_FORMAT, analyzeToJson, parseAnalyzeArgs } from './analyze.ts';

interface AnalysisJson {
  format?: string;
  spec?: { version: number; fps: number };
  descriptors?: { frame: number[][]; context: number[][]; patch: number[][] };
}

export async function readVideoCondition(path: string, m: MusicManifest): Promise<VideoDescriptors> {
  let a: AnalysisJson;
  if (path.endsWith('.json')) {
    a = JSON.parse(await readFile(path, 'utf8')) as AnalysisJson;
    if (a.format !== ANALYSIS_FORMAT) throw new Error(`${path} is not an \`undertone analyze\` file (format "${a.format}")`);
  } else {
    a = (await analyzeToJson(parseAnalyzeArgs([path]))) as AnalysisJson;
  }
  if (!a.descriptors) throw new Error(`${path} has no descriptors (analysed with --no-descriptors?)`);
  if (a.spec?.version !== m.video.version || a.spec?.fps !== m.video.fps) {
    throw new Error(`${path} has video descriptors v${a.spec?.version} at ${a.spec?.fps} fps; pack ${m.name} needs v${m.video.version} at ${m.video.fps} fps`);
  }
  const d = a.descriptors;
  return { frames: d.frame.length, frame: Float32Array.from(d.frame.flat()), context: Float32Array.from(d.context.flat()), patch: Float32Array.from(d.patch.flat()) };
}
