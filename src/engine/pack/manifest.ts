/**
 * Model pack manifests, typed once (docs/pack-format.md). A pack is a folder: `manifest.json` plus
 * the files it lists. The engine reads every rate, shape and spec from here and hard-codes none,
 * so a better pack drops in without code changes. training/music/pack.py writes music packs;
 * training/scripts/export_codec.py writes codec packs.
 */

/** Where a graph runs: WASM (CPU; also what onnxruntime-node's CPU runs) or WebGPU. */
export type Backend = 'wasm' | 'webgpu';
export const BACKENDS: readonly Backend[] = ['wasm', 'webgpu'];

export type TensorType = 'float32' | 'int64' | 'int32' | 'bool';

/** A graph input or output: element type and dims, a dim a name where it is dynamic ("batch"). */
export interface TensorSpec {
  readonly dtype: TensorType;
  readonly dims: readonly (number | string)[];
}

export interface GraphIO {
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly outputs: Readonly<Record<string, TensorSpec>>;
}

/** A file of the pack: its name in the folder, size in bytes and sha256 (hex), all verified on load. */
export interface PackFile {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The token interface the codec and the music model share (DESIGN "Time base"). */
export interface TokenSpec {
  readonly sample_rate: number;
  readonly frame_rate: number;
  readonly codebooks: number;
  readonly codebook_size: number;
  /** The token of a delay-pattern slot that holds no frame (= codebook_size). */
  readonly special: number;
  /** Codebook k is delayed by delays[k] steps (MusicGen: 0, 1, 2, 3). */
  readonly delays: readonly number[];
}

/** One time-varying control: width and the model's input scaling clamp((v + offset)·scale, lo, hi). */
export interface TimeControlSpec {
  readonly name: string;
  readonly dim: number;
  readonly offset: number;
  readonly scale: number;
  readonly lo: number;
  readonly hi: number;
}

export interface ControlsSpec {
  /** The controls' definitions (src/engine/controls/json.ts CONTROLS_VERSION) the pack was trained on. */
  readonly version: number;
  readonly frame_rate: number;
  /** The condition encoder's frames come in patches of this many (DCF): pad T up to a multiple. */
  readonly dcf_patch: number;
  readonly time: readonly TimeControlSpec[];
  /** Per clip, not per frame: which instrument families play. */
  readonly ensemble: { readonly version: number; readonly dim: number; readonly meaning: string };
}

/** The engine's VIDEO_SPEC (src/engine/video/spec.ts) verbatim, plus the three widths. */
export interface VideoSpecOfPack {
  readonly version: number;
  readonly fps: number;
  readonly frame_dim: number;
  readonly context_dim: number;
  readonly patch_dim: number;
  readonly grid: { readonly cols: number; readonly rows: number };
  readonly [more: string]: unknown;
}

export interface SamplingDefaults {
  readonly top_k: number;
  readonly temperature: number;
  readonly guidance_scale: number;
  /** Harmony-lane guidance (generate.ts GenerationConfig.harmonyGuidance); absent: 0, off. */
  readonly harmony_guidance?: number;
  /** Lane critic scale (generate.ts GenerationConfig.critic); absent: 0, off. Read only when the codec pack has a critic. */
  readonly critic_scale?: number;
  /**
   * The critic's per-lane weights (GenerationConfig.criticLanes); absent: 1 each. Optional with them:
   * `codebooks`, how many codebooks the critic scores (absent: the codec critic's own count), and the
   * level hold `level_hold` (≥ 0, absent: 0, off) over `level_hold_s` seconds (absent: 1) —
   * generate/critic.ts CriticLanes.
   */
  readonly critic_lanes?: { readonly level: number; readonly melody: number; readonly harmony: number; readonly rhythm?: number;
    readonly codebooks?: number; readonly level_hold?: number; readonly level_hold_s?: number };
  /**
   * Level search (GenerationConfig.levelSearch, generate/level-search.ts); absent: off. `melody`: the
   * weight of the melody lane's misses in a candidate's score (absent: 0, the level alone).
   */
  readonly level_search?: { readonly candidates: number; readonly chunk_s?: number; readonly memory_s?: number; readonly melody?: number };
}

/** The graphs every music pack has. */
export type RequiredMusicGraph = 'video_encoder' | 'condition_encoder' | 'step';
export const MUSIC_GRAPHS: readonly RequiredMusicGraph[] = ['video_encoder', 'condition_encoder', 'step'];
/** Graphs a pack may have: `prefill` runs a window's known steps at once (without it, steps prime). */
export type OptionalMusicGraph = 'prefill';
export const OPTIONAL_MUSIC_GRAPHS: readonly OptionalMusicGraph[] = ['prefill'];
export type MusicGraph = RequiredMusicGraph | OptionalMusicGraph;

export interface MusicManifest {
  readonly name: string;
  readonly kind: 'music';
  readonly format_version: 1;
  readonly tokens: TokenSpec;
  readonly video: VideoSpecOfPack;
  readonly controls: ControlsSpec;
  readonly model: {
    readonly dim: number; readonly heads: number; readonly head_dim: number;
    /** Attention layers: one past/new key and value pair each in the step graph. */
    readonly layers: number;
    /** Per attention layer, its cross-attention window in seconds (null = ∞): the step takes a windowed layer's frames cut (generate/cross.ts). */
    readonly windows: readonly (number | null)[];
    /** Steps one context window holds; longer clips continue window by window. */
    readonly context_steps: number;
  };
  readonly sampling: SamplingDefaults;
  /** The codec pack (a sibling folder) whose decoder turns the tokens into audio. */
  readonly codec: { readonly pack: string; readonly graph: string };
  readonly graphs: Readonly<Record<RequiredMusicGraph, GraphIO> & Partial<Record<OptionalMusicGraph, GraphIO>>>;
  readonly files: Readonly<Record<string, PackFile>>;
  /** backend → graph → key of `files`; a graph not named runs the file of its own name. */
  readonly variants: Readonly<Partial<Record<Backend, Readonly<Partial<Record<MusicGraph, string>>>>>>;
}

/** A codec pack's lane critic (generate/critic.ts): how to read its file, critic.bin. */
export interface CriticSpec {
  /** Key of the codec manifest's `files`. */
  readonly file: string;
  readonly width: number;
  /**
   * Per read-out group, the weights h[j] of the latent it reads, Σ_j h[j] · (the codes of frame
   * t − j): the codec's own integration (a plain RVQ: [1]), convolved with any smoothing the fit chose.
   */
  readonly kernels: {
    readonly level: readonly number[]; readonly melody: readonly number[]; readonly harmony: readonly number[];
    /**
     * Present: the table's last column is an onset logit, log-odds that a frame is a beat of the rhythm
     * lane rather than off the beat; its kernel is the codec's integration differenced ([1, −1] for a
     * plain RVQ), so it reads how the latent changed from the frame before. Absent: no rhythm read-out.
     */
    readonly rhythm?: readonly number[];
  };
  /** The critic scores the first this many codebooks (absent: all); the finer residuals move the read-out least. */
  readonly codebooks?: number;
  /** σ of the level read-out's residual (dB): the Gaussian the level term scores under. */
  readonly level_sigma_db: number;
  /**
   * Absent or 0: the level is one linear column (dB). B > 0: the first B columns are the natural-log
   * magnitudes of B spectral bins, linear in the latent, and the level is their power summed,
   * (10 / ln 10) · ln Σ_b exp(2 · column_b) dB — for a codec whose latent is linear in the log
   * spectrum (codec-v3l), where a spread of the log magnitudes adds power a mean does not see.
   */
  readonly level_bins?: number;
}

/** A codec pack's manifest (training/scripts/export_codec.py), as it is. */
export interface CodecManifest {
  readonly name: string;
  readonly kind: 'codec';
  readonly format_version: 1;
  readonly sample_rate: number;
  readonly hop: number;
  readonly frame_rate: number;
  readonly codebooks: number;
  readonly codebook_size: number;
  readonly files: Readonly<Record<string, PackFile>>;
  /** backend → keys of `files` in order of preference. */
  readonly variants: Readonly<Partial<Record<Backend, readonly string[]>>>;
  /** What the decoder graph writes: the waveform itself, or STFT frames the engine turns into
   *  audio (src/engine/codec/synth.ts; docs/pack-format.md "Codec packs"). */
  readonly synthesis: CodecSynthesis;
  /** Token frames of context on each side that change a decoded frame (the decoder's receptive
   *  field): streamed decoding re-reads this many frames around each chunk so chunks join exactly. */
  readonly context_frames: number;
  /** The lane critic over this codec's latent (generate/critic.ts, docs/pack-format.md "Lane critic"); absent in packs without one. */
  readonly critic?: CriticSpec;
}

export type CodecSynthesis =
  /** outputs.wav (batch, 1, frames · hop). */
  | { readonly kind: 'wav' }
  /** outputs.mag and outputs.dphase (batch, frames · hop / stft_hop, n_fft/2 + 1), frame-major: per
   *  STFT frame each bin's magnitude and its phase advance since the previous frame (radians). The engine sums
   *  the advances (phase carried across chunks), inverts each frame (periodic Hann, n_fft points)
   *  and overlap-adds at stft_hop, dividing by the window's squared overlap-add.
   *  phase 'peaks': outputs.mag only; the engine derives each frame's phase from the magnitudes
   *  (src/engine/codec/synth.ts: peak frequencies, identity phase locking). */
  | {
    readonly kind: 'istft'; readonly n_fft: number; readonly stft_hop: number;
    /** Each bin's running phase starts at 0 ('start': relative to the frame's first sample) or at
     *  π·k ('centre': relative to its centre, where a sinusoid's main-lobe bins share one phase).
     *  Read in phase 'advance' only. */
    readonly frame_origin: 'start' | 'centre';
    /** Where the phase comes from: the graph's advances ('advance', the default) or the magnitudes ('peaks'). */
    readonly phase: 'advance' | 'peaks';
  };

export type Manifest = MusicManifest | CodecManifest;
