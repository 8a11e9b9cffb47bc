/**
 * Procedural scenes for the synthetic training videos: each kind is a factory that takes a layout
 * seed and returns a painter of one RGB frame. A painter gets the shot's four colours for this frame
 * (already tinted by valence) and `travel`, the render pixels its content has moved since the shot
 * began (the plan integrates speed, so motion follows intensity and arousal frame by frame).
 * Kinds differ in what the analyser's descriptors see: edges, layout, motion pattern (pan, drift,
 * zoom, falling particles, parallax).
 */
import { mulberry32 as rng } from '../../src/engine/random.ts';

export const RENDER_WIDTH = 128;
export const RENDER_HEIGHT = 72;

export type Rgb = readonly [number, number, number];
export type Painter = (out: Uint8Array, colours: readonly Rgb[], travel: number) => void;

const W = RENDER_WIDTH, H = RENDER_HEIGHT;

function put(out: Uint8Array, i: number, a: Rgb, b: Rgb, w: number): void {
  out[i] = a[0] + (b[0] - a[0]) * w;
  out[i + 1] = a[1] + (b[1] - a[1]) * w;
  out[i + 2] = a[2] + (b[2] - a[2]) * w;
}

/**
 * A hard-edged band (a square wave with a pixel of antialiasing). Not a sinusoid: a moving sinusoid
 * is, pixel for pixel, a mix of two fixed pictures, which the analyser rightly reads as a dissolve.
 */
function band(phase: number): number {
  return Math.min(1, Math.max(0, 0.5 + 3 * Math.sin(phase)));
}

/** Soft discs drifting on Lissajous paths over a vertical gradient. */
function blobs(seed: number): Painter {
  const r = rng(seed);
  const discs = Array.from({ length: 3 + Math.floor(r() * 4) }, () => ({
    x: r() * W, y: r() * H, rad: 7 + r() * 14, fx: 0.5 + r(), fy: 0.5 + r(), ph: r() * 6.28, c: 1 + Math.floor(r() * 3),
  }));
  return (out, col, travel) => {
    const t = travel / 40;
    const pos = discs.map((d) => [d.x + 0.3 * W * Math.sin(d.fx * t + d.ph), d.y + 0.3 * H * Math.cos(d.fy * t + d.ph)]);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = (y * W + x) * 3;
        put(out, i, col[0], col[2], y / H);
        discs.forEach((d, k) => {
          const dist = Math.hypot(x - pos[k][0], y - pos[k][1]);
          if (dist < d.rad + 1.5) put(out, i, [out[i], out[i + 1], out[i + 2]], col[d.c], Math.min(1, d.rad + 1.5 - dist));
        });
      }
    }
  };
}

/** Sine bands at an angle, moving across the frame. */
function stripes(seed: number): Painter {
  const r = rng(seed);
  const angle = r() * Math.PI, period = 24 + r() * 24;
  const ca = Math.cos(angle), sa = Math.sin(angle);
  const two = r() < 0.5;
  return (out, col, travel) => {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const u = x * ca + y * sa - travel;
        put(out, (y * W + x) * 3, col[0], two ? col[1] : col[3], band((2 * Math.PI * u) / period));
      }
    }
  };
}

/** A tiled floor panned by the camera. */
function tiles(seed: number): Painter {
  const r = rng(seed);
  // Tiles well under a patch (32 × 18 render pixels), so panning does not flip the patch layout.
  const size = 5 + Math.floor(r() * 6), dir = r() * 2 * Math.PI;
  const dx = Math.cos(dir), dy = Math.sin(dir);
  return (out, col, travel) => {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const u = Math.floor((x + travel * dx) / size), v = Math.floor((y + travel * dy) / size);
        put(out, (y * W + x) * 3, col[1], col[2], ((u + v) & 1 ? 0.3 : 0.7) - 0.3 * (y / H));
      }
    }
  };
}

/** Falling particles (rain, snow, sparks) over a gradient; their speed is the motion. */
function particles(seed: number): Painter {
  const r = rng(seed);
  // Few, large, slowish flakes: many one-pixel dots jumping several pixels a frame change every
  // patch at once, which reads as a cut.
  const n = 25 + Math.floor(r() * 25), slant = (r() - 0.5) * 0.8;
  const ps = Array.from({ length: n }, () => ({ x: r() * W, y: r() * H, v: 0.4 + 0.6 * r(), s: 3 + Math.floor(r() * 3), c: 1 + Math.floor(r() * 2) }));
  return (out, col, travel) => {
    // Not dark: a dark, sparse picture is what the analyser takes for a cut to black.
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) put(out, (y * W + x) * 3, col[2], col[0], 0.3 + 0.5 * y / H);
    for (const p of ps) {
      const y0 = Math.floor((((p.y + travel * p.v) % H) + H) % H);
      const x0 = Math.floor((((p.x + travel * p.v * slant) % W) + W) % W);
      for (let yy = y0; yy < Math.min(H, y0 + p.s + 1); yy++) {
        for (let xx = x0; xx < Math.min(W, x0 + p.s); xx++) put(out, (yy * W + xx) * 3, col[p.c], col[p.c], 0);
      }
    }
  };
}

/** Sky, sun and two ranges of hills scrolling at different speeds (parallax). */
function landscape(seed: number): Painter {
  const r = rng(seed);
  const f1 = 0.03 + r() * 0.05, f2 = 0.06 + r() * 0.08, horizon = H * (0.45 + r() * 0.2);
  const sun = { x: r() * W, y: H * (0.1 + r() * 0.25), rad: 5 + r() * 6 };
  return (out, col, travel) => {
    for (let x = 0; x < W; x++) {
      const far = horizon - 6 - 8 * Math.sin(f1 * (x + 0.4 * travel));
      const near = horizon + 6 + 6 * Math.sin(f2 * (x + travel) + 1.3);
      for (let y = 0; y < H; y++) {
        const i = (y * W + x) * 3;
        if (y >= near) put(out, i, col[2], col[0], 0.3 * (y - near) / H);
        else if (y >= far) put(out, i, col[0], col[2], 0.3);
        else {
          put(out, i, col[3], col[1], y / horizon);
          const d = Math.hypot(x - sun.x, y - sun.y);
          if (d < sun.rad + 1) put(out, i, [out[i], out[i + 1], out[i + 2]], [255, 255, 235], Math.min(1, sun.rad + 1 - d) * 0.9);
        }
      }
    }
  };
}

/** Concentric rings streaming out of (or into) a point: a zoom. */
function rings(seed: number): Painter {
  const r = rng(seed);
  const cx = W * (0.25 + 0.5 * r()), cy = H * (0.25 + 0.5 * r()), period = 20 + r() * 16, inward = r() < 0.5 ? -1 : 1;
  return (out, col, travel) => {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const d = Math.hypot(x - cx, y - cy);
        put(out, (y * W + x) * 3, col[1], d < 60 ? col[0] : col[2], band((2 * Math.PI * (d - inward * travel)) / period));
      }
    }
  };
}

export const SCENES = { blobs, stripes, tiles, particles, landscape, rings } as const;
export type SceneKind = keyof typeof SCENES;

/**
 * Travel per unit of the plan's speed, per kind. The same speed moved the analyser's motion
 * descriptor 14× more in rings than in landscape (most of a landscape is still sky), so motion
 * would have said which scene it was rather than how energetic the music is. These gains put every
 * kind at motion ≈ 0.02 at full energy (measured over six seeds each, 0.0027-0.037 before).
 */
export const SPEED_GAIN: Record<SceneKind, number> = {
  blobs: 2.9, stripes: 1.05, tiles: 0.6, particles: 1.8, landscape: 7, rings: 0.55,
};
export const SCENE_KINDS = Object.keys(SCENES) as SceneKind[];
