/**
 * Manifest validation: untrusted JSON → a typed manifest, or a PackFormatError naming the field.
 * Beyond shapes it checks what the engine must agree with: the control widths and versions, the
 * video descriptor spec, the delay pattern, and that every graph has the inputs the loop feeds.
 */
import { CONTROLS_VERSION } from '../controls/json.ts';
import { CONTROL_DIMS, type ControlName } from '../controls/types.ts';
import { DelayPattern } from '../generate/delay.ts';
import { CONTEXT_DIM, FRAME_DIM, PATCH_COUNT, PATCH_DIM, VIDEO_SPEC } from '../video/spec.ts';
import { PackFormatError, fail, int, list, num, obj, oneOf, same, str } from './check.ts';
import {
  BACKENDS, MUSIC_GRAPHS, OPTIONAL_MUSIC_GRAPHS, type Backend, type CodecManifest, type CriticSpec, type GraphIO, type MusicManifest, type PackFile, type SamplingDefaults, type TensorSpec,
} from './manifest.ts';

export { PackFormatError } from './check.ts';

const SHA256 = /^[0-9a-f]{64}$/;
/** Per clip, GM families: program ÷ 8 (docs/music-model.md). */
export const ENSEMBLE_DIM = 16;
export const ENSEMBLE_VERSION = 1;
export const MUSIC_FORMAT_VERSION = 1;

function files(v: unknown): Record<string, PackFile> {
  const o = obj(v, 'files');
  const out: Record<string, PackFile> = {};
  for (const [key, f] of Object.entries(o)) {
    const e = obj(f, `files.${key}`);
    const file = str(e.file, `files.${key}.file`);
    if (file.includes('/') || file.includes('\\') || file.startsWith('.')) fail(`files.${key}.file`, 'a file name inside the pack folder', file);
    const sha = str(e.sha256, `files.${key}.sha256`);
    if (!SHA256.test(sha)) fail(`files.${key}.sha256`, '64 lower-case hex digits', sha);
    out[key] = { file, bytes: int(e.bytes, `files.${key}.bytes`, 1), sha256: sha };
  }
  if (Object.keys(out).length === 0) fail('files', 'at least one file', v);
  return out;
}

function tensor(v: unknown, path: string): TensorSpec {
  const o = obj(v, path);
  const dtype = oneOf(o.dtype, `${path}.dtype`, ['float32', 'int64', 'int32', 'bool'] as const);
  const dims = list(o.dims, `${path}.dims`).map((d, i) => (typeof d === 'string' ? d : int(d, `${path}.dims[${i}]`)));
  return { dtype, dims };
}

function graph(v: unknown, path: string): GraphIO {
  const o = obj(v, path);
  const side = (s: 'inputs' | 'outputs') => Object.fromEntries(Object.entries(obj(o[s], `${path}.${s}`)).map(([n, t]) => [n, tensor(t, `${path}.${s}.${n}`)]));
  return { inputs: side('inputs'), outputs: side('outputs') };
}

/** The names the loop feeds and reads, per graph (docs/music-model.md "ONNX graphs"). */
function expectedIO(layers: number, controls: readonly string[]): Record<string, { inputs: string[]; outputs: string[] }> {
  const per = (f: (i: number) => string[]) => Array.from({ length: layers }, (_, i) => f(i)).flat();
  const cross = per((i) => [`cross_key.${i}`, `cross_value.${i}`]);
  return {
    video_encoder: { inputs: ['frame', 'context', 'patch', 'video_mask'], outputs: ['prefix', ...cross] },
    condition_encoder: { inputs: [...controls.flatMap((c) => [c, `${c}_mask`]), 'ensemble', 'ensemble_mask'], outputs: ['control'] },
    step: {
      inputs: ['tokens', 'prefix', 'step', 'control', ...cross, ...per((i) => [`past_key.${i}`, `past_value.${i}`])],
      outputs: ['logits', ...per((i) => [`new_key.${i}`, `new_value.${i}`])],
    },
    prefill: {
      inputs: ['tokens', 'prefix', 'control', ...cross],
      outputs: ['logits', ...per((i) => [`present_key.${i}`, `present_value.${i}`])],
    },
  };
}

export function validateMusicManifest(json: unknown): MusicManifest {
  const m = obj(json, '(root)');
  const name = str(m.name, 'name');
  oneOf(m.kind, 'kind', ['music'] as const);
  int(m.format_version, 'format_version', MUSIC_FORMAT_VERSION, MUSIC_FORMAT_VERSION);

  const t = obj(m.tokens, 'tokens');
  const tokens = {
    sample_rate: int(t.sample_rate, 'tokens.sample_rate', 1), frame_rate: num(t.frame_rate, 'tokens.frame_rate', 1),
    codebooks: int(t.codebooks, 'tokens.codebooks', 1, 64), codebook_size: int(t.codebook_size, 'tokens.codebook_size', 2),
    special: int(t.special, 'tokens.special'), delays: list(t.delays, 'tokens.delays').map((d, i) => int(d, `tokens.delays[${i}]`)),
  };
  if (tokens.special !== tokens.codebook_size) fail('tokens.special', `the codebook size ${tokens.codebook_size}`, tokens.special);
  try {
    new DelayPattern(tokens.codebooks, tokens.codebook_size, tokens.delays);
  } catch (e) {
    fail('tokens.delays', (e as Error).message, tokens.delays);
  }

  const v = obj(m.video, 'video');
  same(int(v.version, 'video.version'), 'video.version', VIDEO_SPEC.version, 'video descriptor version');
  same(num(v.fps, 'video.fps'), 'video.fps', VIDEO_SPEC.fps, 'video analysis rate');
  same(int(v.frame_dim, 'video.frame_dim'), 'video.frame_dim', FRAME_DIM, 'frame descriptor width');
  same(int(v.context_dim, 'video.context_dim'), 'video.context_dim', CONTEXT_DIM, 'context descriptor width');
  same(int(v.patch_dim, 'video.patch_dim'), 'video.patch_dim', PATCH_DIM, 'patch descriptor width');
  const grid = obj(v.grid, 'video.grid');
  same(int(grid.cols, 'video.grid.cols') * int(grid.rows, 'video.grid.rows'), 'video.grid', PATCH_COUNT, 'patch count');

  const c = obj(m.controls, 'controls');
  same(int(c.version, 'controls.version'), 'controls.version', CONTROLS_VERSION, 'controls version');
  const time = list(c.time, 'controls.time').map((e, i) => {
    const p = `controls.time[${i}]`;
    const o = obj(e, p);
    const n = oneOf(o.name, `${p}.name`, Object.keys(CONTROL_DIMS) as ControlName[]);
    return { name: n, dim: same(int(o.dim, `${p}.dim`, 1), `${p}.dim`, CONTROL_DIMS[n], `width of ${n}`),
      offset: num(o.offset, `${p}.offset`), scale: num(o.scale, `${p}.scale`), lo: num(o.lo, `${p}.lo`), hi: num(o.hi, `${p}.hi`) };
  });
  const ens = obj(c.ensemble, 'controls.ensemble');
  const controls = {
    version: c.version as number, frame_rate: same(num(c.frame_rate, 'controls.frame_rate'), 'controls.frame_rate', tokens.frame_rate, 'token frame rate'),
    dcf_patch: int(c.dcf_patch, 'controls.dcf_patch', 1), time,
    ensemble: { version: same(int(ens.version, 'controls.ensemble.version'), 'controls.ensemble.version', ENSEMBLE_VERSION, 'ensemble version'),
      dim: same(int(ens.dim, 'controls.ensemble.dim'), 'controls.ensemble.dim', ENSEMBLE_DIM, 'ensemble width'), meaning: String(ens.meaning ?? '') },
  };

  const mo = obj(m.model, 'model');
  const model = { dim: int(mo.dim, 'model.dim', 1), heads: int(mo.heads, 'model.heads', 1), head_dim: int(mo.head_dim, 'model.head_dim', 1),
    layers: int(mo.layers, 'model.layers', 1), context_steps: int(mo.context_steps, 'model.context_steps', 2),
    windows: list(mo.windows, 'model.windows').map((w, i) => (w === null ? null : num(w, `model.windows[${i}]`, 1e-3))) };
  if (model.windows.length !== model.layers) fail('model.windows', `one window per layer (${model.layers})`, mo.windows);
  if (model.heads * model.head_dim !== model.dim) fail('model.head_dim', `dim / heads = ${model.dim / model.heads}`, model.head_dim);

  const s = obj(m.sampling, 'sampling');
  const sampling = { top_k: int(s.top_k, 'sampling.top_k', 1, tokens.codebook_size), temperature: num(s.temperature, 'sampling.temperature', 1e-6),
    guidance_scale: num(s.guidance_scale, 'sampling.guidance_scale', 0),
    ...(s.harmony_guidance === undefined ? {} : { harmony_guidance: num(s.harmony_guidance, 'sampling.harmony_guidance', 0) }),
    ...(s.critic_scale === undefined ? {} : { critic_scale: num(s.critic_scale, 'sampling.critic_scale', 0) }),
    ...(s.critic_lanes === undefined ? {} : { critic_lanes: criticLanes(s.critic_lanes) }),
    ...(s.level_search === undefined ? {} : { level_search: levelSearch(s.level_search) }) };
  const co = obj(m.codec, 'codec');
  const codec = { pack: str(co.pack, 'codec.pack'), graph: str(co.graph, 'codec.graph') };

  const f = files(m.files);
  const g = obj(m.graphs, 'graphs');
  // an optional graph is there or not; a pack without it still works (the loop falls back)
  const present = [...MUSIC_GRAPHS, ...OPTIONAL_MUSIC_GRAPHS.filter((r) => g[r] !== undefined)];
  const graphs = Object.fromEntries(present.map((r) => [r, graph(g[r], `graphs.${r}`)])) as MusicManifest['graphs'];
  const want = expectedIO(model.layers, time.map((e) => e.name));
  for (const r of present) {
    if (!f[r]) fail(`files.${r}`, `the file of graph ${r}`, undefined);
    for (const side of ['inputs', 'outputs'] as const) {
      const io = graphs[r]![side];
      const missing = want[r][side].filter((n) => !(n in io));
      if (missing.length) fail(`graphs.${r}.${side}`, `to include ${missing.join(', ')}`, Object.keys(io));
    }
  }
  const va = obj(m.variants, 'variants');
  const variants: Partial<Record<Backend, Partial<Record<string, string>>>> = {};
  for (const [b, roles] of Object.entries(va)) {
    const backend = oneOf(b, `variants.${b}`, BACKENDS);
    variants[backend] = {};
    for (const [r, key] of Object.entries(obj(roles, `variants.${b}`))) {
      oneOf(r, `variants.${b}.${r}`, present);
      if (!f[str(key, `variants.${b}.${r}`)]) fail(`variants.${b}.${r}`, `a key of manifest.files (${Object.keys(f).join(', ')})`, key);
      variants[backend]![r] = key as string;
    }
  }
  return { name, kind: 'music', format_version: 1, tokens, video: v as unknown as MusicManifest['video'], controls, model, sampling, codec, graphs, files: f, variants };
}

export function validateCodecManifest(json: unknown): CodecManifest {
  const m = obj(json, '(root)');
  const name = str(m.name, 'name');
  oneOf(m.kind, 'kind', ['codec'] as const);
  int(m.format_version, 'format_version', 1, 1);
  const f = files(m.files);
  const va = obj(m.variants, 'variants');
  const variants: Partial<Record<Backend, string[]>> = {};
  for (const [b, keys] of Object.entries(va)) {
    if (b.startsWith('_')) continue; // "_why" notes
    const backend = oneOf(b, `variants.${b}`, BACKENDS);
    variants[backend] = list(keys, `variants.${b}`).map((k, i) => {
      if (!f[str(k, `variants.${b}[${i}]`)]) fail(`variants.${b}[${i}]`, `a key of manifest.files (${Object.keys(f).join(', ')})`, k);
      return k as string;
    });
  }
  const sample_rate = int(m.sample_rate, 'sample_rate', 1), hop = int(m.hop, 'hop', 1);
  const frame_rate = num(m.frame_rate, 'frame_rate', 0);
  if (Math.abs(frame_rate * hop - sample_rate) > 1e-6) fail('frame_rate', `sample_rate / hop = ${sample_rate / hop}`, frame_rate);
  return { name, kind: 'codec', format_version: 1, sample_rate, hop, frame_rate,
    codebooks: int(m.codebooks, 'codebooks', 1, 64), codebook_size: int(m.codebook_size, 'codebook_size', 2), files: f, variants,
    synthesis: synthesis(m.synthesis, hop),
    // Absent in packs written before streamed decoding: the ConvNeXt decoders of codec-v1/v2 see
    // 27 frames each way (a kernel-7 input conv and eight kernel-7 blocks), so 32 is safe.
    context_frames: m.context_frames === undefined ? 32 : int(m.context_frames, 'context_frames', 0, 1000),
    ...(m.critic === undefined ? {} : { critic: criticSpec(m.critic, f) }) };
}

/** sampling.level_search: candidates per chunk (an integer 1-16), chunk and memory in seconds, the melody lane's weight (optional). */
function levelSearch(v: unknown): NonNullable<SamplingDefaults['level_search']> {
  const o = obj(v, 'sampling.level_search');
  return { candidates: int(o.candidates, 'sampling.level_search.candidates', 1, 16),
    ...(o.chunk_s === undefined ? {} : { chunk_s: num(o.chunk_s, 'sampling.level_search.chunk_s', 0.1, 5) }),
    ...(o.memory_s === undefined ? {} : { memory_s: num(o.memory_s, 'sampling.level_search.memory_s', 0.1, 10) }),
    ...(o.melody === undefined ? {} : { melody: num(o.melody, 'sampling.level_search.melody', 0) }) };
}

/**
 * sampling.critic_lanes: a weight ≥ 0 for each lane the critic reads (rhythm optional: packs written before the onset read-out),
 * and optionally the codebooks it scores and its level hold.
 */
function criticLanes(v: unknown): NonNullable<SamplingDefaults['critic_lanes']> {
  const o = obj(v, 'sampling.critic_lanes');
  const opt = (k: string, read: (x: unknown, at: string) => number) => (o[k] === undefined ? {} : { [k]: read(o[k], `sampling.critic_lanes.${k}`) });
  return { level: num(o.level, 'sampling.critic_lanes.level', 0), melody: num(o.melody, 'sampling.critic_lanes.melody', 0),
    harmony: num(o.harmony, 'sampling.critic_lanes.harmony', 0), ...opt('rhythm', (x, at) => num(x, at, 0)),
    ...opt('codebooks', (x, at) => int(x, at, 1, 64)), ...opt('level_hold', (x, at) => num(x, at, 0)), ...opt('level_hold_s', (x, at) => num(x, at, 1e-3)) };
}

/** The codec's lane critic (generate/critic.ts): a file of the pack and how to read it. */
function criticSpec(v: unknown, f: Record<string, PackFile>): CriticSpec {
  const c = obj(v, 'critic');
  const file = str(c.file, 'critic.file');
  if (!f[file]) fail('critic.file', `a key of manifest.files (${Object.keys(f).join(', ')})`, file);
  const k = obj(c.kernels, 'critic.kernels');
  const kernel = (g: 'level' | 'melody' | 'harmony' | 'rhythm') => {
    const h = list(k[g], `critic.kernels.${g}`).map((x, j) => num(x, `critic.kernels.${g}[${j}]`, -1e6));
    if (h.length < 1 || h.length > 4096) fail(`critic.kernels.${g}`, '1 to 4096 weights', h.length);
    return h;
  };
  return { file, width: int(c.width, 'critic.width', 1), kernels: { level: kernel('level'), melody: kernel('melody'), harmony: kernel('harmony'),
      ...(k.rhythm === undefined ? {} : { rhythm: kernel('rhythm') }) },
    level_sigma_db: num(c.level_sigma_db, 'critic.level_sigma_db', 1e-3),
    ...(c.codebooks === undefined ? {} : { codebooks: int(c.codebooks, 'critic.codebooks', 1, 64) }),
    ...(c.level_bins === undefined ? {} : { level_bins: int(c.level_bins, 'critic.level_bins', 0, 4096) }) };
}

function synthesis(v: unknown, hop: number): CodecManifest['synthesis'] {
  if (v === undefined) return { kind: 'wav' }; // packs written before the field existed
  const o = obj(v, 'synthesis');
  const kind = oneOf(o.kind, 'synthesis.kind', ['wav', 'istft'] as const);
  if (kind === 'wav') return { kind };
  const n_fft = int(o.n_fft, 'synthesis.n_fft', 4, 1 << 16), stft_hop = int(o.stft_hop, 'synthesis.stft_hop', 1, n_fft);
  if (hop % stft_hop) fail('synthesis.stft_hop', `a divisor of hop (${hop})`, stft_hop);
  if (n_fft % 2 || (n_fft - stft_hop) % 2) fail('synthesis.n_fft', 'even, with n_fft − stft_hop even', n_fft);
  const frame_origin = o.frame_origin === undefined ? 'start' : oneOf(o.frame_origin, 'synthesis.frame_origin', ['start', 'centre'] as const);
  const phase = o.phase === undefined ? 'advance' : oneOf(o.phase, 'synthesis.phase', ['advance', 'peaks'] as const);
  return { kind, n_fft, stft_hop, frame_origin, phase };
}

/** A music pack and the codec it names must share the token interface. */
export function checkCodecFits(music: MusicManifest, codec: CodecManifest): void {
  const t = music.tokens;
  const bad = [['sample_rate', t.sample_rate, codec.sample_rate], ['frame_rate', t.frame_rate, codec.frame_rate],
    ['codebooks', t.codebooks, codec.codebooks], ['codebook_size', t.codebook_size, codec.codebook_size]].filter(([, a, b]) => a !== b);
  if (bad.length) {
    throw new PackFormatError(`${music.name} needs codec pack ${music.codec.pack} with ${bad.map(([k, a, b]) => `${k} ${a} (it has ${b})`).join(', ')}`);
  }
}
