/**
 * A plan → RGB frames at 10 fps (RENDER_WIDTH × RENDER_HEIGHT), and those frames → the analysis
 * file `undertone analyze` writes. The frames take the raw-frame path of the CLI (`analyze --raw
 * WxH --fps 10`: the engine's FrameSampler and area scaling, then the analyser), so the descriptors
 * are the ones the engine computes for a real file of these pictures; no video file is encoded
 * (an encoder would only add its artefacts).
 */
import { analysisJson } from '../../src/engine/cli/analyze.ts';
import type { RgbFrame } from '../../src/engine/video/frame.ts';
import { FrameSampler } from '../../src/engine/video/sampler.ts';
import { ANALYSIS_FPS } from '../../src/engine/video/spec.ts';
import { planVideo, type ControlsFile, type FramePlan, type VideoPlan } from './plan.ts';
import { RENDER_HEIGHT, RENDER_WIDTH, SCENES, SPEED_GAIN, type Painter, type Rgb } from './scenes.ts';

/** Valence → hue in degrees: −1 cool blue (220°), +1 warm orange (45°). */
export const valenceHue = (v: number): number => 220 - 175 * ((v + 1) / 2);
/** Valence → value multiplier: −1 dark (0.35), +1 bright (0.9). */
export const valenceBrightness = (v: number): number => 0.35 + 0.55 * ((v + 1) / 2);
/** Arousal → saturation multiplier: calm is greyer. */
export const arousalSaturation = (a: number): number => 0.5 + 0.5 * ((a + 1) / 2);

export function hsv(h: number, s: number, v: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 60;
  const c = v * s, x = c * (1 - Math.abs((hh % 2) - 1)), m = v - c;
  const [r, g, b] = hh < 1 ? [c, x, 0] : hh < 2 ? [x, c, 0] : hh < 3 ? [0, c, x] : hh < 4 ? [0, x, c] : hh < 5 ? [x, 0, c] : [c, 0, x];
  return [255 * (r + m), 255 * (g + m), 255 * (b + m)];
}

function colours(p: FramePlan, palette: VideoPlan['shots'][number]['palette']): Rgb[] {
  const hue = valenceHue(p.valence), bright = valenceBrightness(p.valence), sat = arousalSaturation(p.arousal);
  return palette.map((c) => hsv(hue + c.dh, Math.min(1, c.s * sat), Math.min(1, c.v * bright)));
}

/** Per-pixel gain of a light from direction `angle`: 1.5 on that side, 0.5 on the other. */
function lightMap(angle: number): Float32Array<ArrayBuffer> {
  const g = new Float32Array(RENDER_WIDTH * RENDER_HEIGHT);
  const dx = Math.cos(angle), dy = Math.sin(angle);
  for (let y = 0; y < RENDER_HEIGHT; y++) {
    for (let x = 0; x < RENDER_WIDTH; x++) {
      g[y * RENDER_WIDTH + x] = 1 + 0.5 * ((x / RENDER_WIDTH - 0.5) * 2 * dx + (y / RENDER_HEIGHT - 0.5) * 2 * dy) / Math.SQRT2;
    }
  }
  return g;
}

/** The plan's pictures, one per analysis frame, at the render size. */
export function* renderFrames(plan: VideoPlan): Generator<RgbFrame> {
  let shot = -1, painter: Painter | null = null, travel = 0, light: Float32Array<ArrayBuffer> = new Float32Array(0);
  for (let j = 0; j < plan.frames.length; j++) {
    if (shot + 1 < plan.shots.length && plan.shots[shot + 1].frame === j) {
      shot++;
      painter = SCENES[plan.shots[shot].kind](plan.shots[shot].seed);
      light = lightMap(plan.shots[shot].light);
      travel = 0;
    }
    const p = plan.frames[j];
    const data = new Uint8Array(RENDER_WIDTH * RENDER_HEIGHT * 3);
    painter!(data, colours(p, plan.shots[shot].palette), travel);
    for (let i = 0; i < data.length; i++) data[i] = Math.min(255, data[i] * light[(i / 3) | 0]);
    if (p.flash > 0) for (let i = 0; i < data.length; i++) data[i] += (255 - data[i]) * p.flash;
    travel += p.speed * SPEED_GAIN[plan.shots[shot].kind];
    yield { width: RENDER_WIDTH, height: RENDER_HEIGHT, channels: 3, data };
  }
}

/** The frames as `analyze --raw` sees them: sampled to the analysis rate and scaled by the engine. */
export function* analysisFrames(frames: Iterable<RgbFrame>): Generator<RgbFrame & { time: number }> {
  const sampler = new FrameSampler(ANALYSIS_FPS);
  for (const f of frames) yield* sampler.push(f);
}

/**
 * One clip's synthetic video, analysed: the `undertone analyze` JSON (same format, source mode
 * "synthetic") plus `synthetic`: the seed and what the plan put where (shots, cut and flash frames).
 */
export async function syntheticAnalysis(controls: ControlsFile, seed: number, input: string): Promise<Record<string, unknown>> {
  const plan = planVideo(controls, seed);
  const json = await analysisJson(analysisFrames(renderFrames(plan)), { input, mode: 'synthetic' });
  return {
    ...json,
    synthetic: {
      seed, width: RENDER_WIDTH, height: RENDER_HEIGHT,
      shots: plan.shots.map((s) => ({ frame: s.frame, kind: s.kind })), cuts: plan.cuts, flashes: plan.flashes,
    },
  };
}
