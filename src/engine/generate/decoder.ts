/**
 * The forward half of the loop: the pack's encoders once per window, then the step graph one
 * position at a time with its KV cache (docs/music-model.md "ONNX graphs"). Step s reads the
 * tokens of step s − 1, the VFA prefix at s = 0 only, and control row min(s, T − 1); it returns
 * logits and only its new keys/values, which are appended here. Windowed layers get their video
 * frames cut to the step's window (cross.ts). A pack's optional prefill graph runs a window's known
 * first steps at once instead (`prefill`): whole cross keys/values, masks inside the graph, and its
 * presents become the cache the single steps would have built. A step that returns its whole cache
 * (`present_*`: present-graph.ts, on WebGPU) has it held as the runtime's tensors (cache.ts
 * `HeldCache`), left on the GPU from run to run; otherwise the new entries are appended on the CPU.
 * A step that takes `integ` (a model with integrated inputs, docs/music-model.md: the running sum of
 * its input embeddings, B × D) is fed it and returns it as `integ_out`, which the next run reads;
 * zeros at a window's start, as training crops begin, and the prefill's after it.
 */
import type { MusicManifest } from '../pack/manifest.ts';
import { CacheEntry, HeldCache, type CacheState } from './cache.ts';
import { WindowedCross } from './cross.ts';
import { f32, i64, keep, type ModelSession, type Tensor } from './session.ts';
import type { Scores } from './processors.ts';

export interface MusicSessions {
  readonly videoEncoder: ModelSession;
  readonly conditionEncoder: ModelSession;
  readonly step: ModelSession;
  /** The pack's prefill graph, when it has one. */
  readonly prefill?: ModelSession;
}

/** Where a decoder stands between runs (`MusicDecoder.save`). */
export interface DecoderState {
  readonly past: Readonly<Record<string, CacheState>> | null;
  readonly held: Readonly<Record<string, Tensor>> | null;
  readonly step: number;
  readonly integ: Tensor | null;
}

export class MusicDecoder {
  private past: Record<string, CacheEntry> = {};
  /** The cache as whole tensors, when the step returns it (present_*); else null and `past` appends. */
  private readonly held: HeldCache | null;
  private appended = 0;
  private stepIndex = 0;
  private readonly zeros: Tensor;
  /** The inputs' running sum the next run reads, when the step takes one (`integ`); else null. */
  private integ: Tensor | null = null;
  private readonly windowed: WindowedCross;

  private constructor(private readonly m: MusicManifest, private readonly sessions: MusicSessions, private readonly batch: number,
    private readonly prefix: Tensor, private readonly cross: Record<string, Tensor>,
    private readonly control: Tensor, private readonly frames: number) {
    this.zeros = f32(new Float32Array(batch * m.model.dim), [batch, m.model.dim]);
    this.windowed = new WindowedCross(cross, m.model.windows, m.tokens.frame_rate, m.video.fps);
    this.held = sessions.step.outputNames.includes('present_key.0') ? new HeldCache(batch, m.model.heads, m.model.head_dim, m.model.layers) : null;
    this.reset();
  }

  /** Runs both encoders on a window's feeds (inputs.ts) of `frames` music frames. */
  static async open(m: MusicManifest, sessions: MusicSessions, video: Record<string, Tensor>, conditions: Record<string, Tensor>,
    frames: number): Promise<MusicDecoder> {
    const v = await sessions.videoEncoder.run(video);
    const cross = Object.fromEntries(Object.entries(v).filter(([n]) => n.startsWith('cross_')).map(([n, t]) => [n, keep(t)]));
    const c = await sessions.conditionEncoder.run(conditions);
    return new MusicDecoder(m, sessions, video.video_mask.dims[0], keep(v.prefix), cross, keep(c.control), frames);
  }

  /** Steps written so far (= cached positions). */
  get steps(): number {
    return this.stepIndex;
  }

  /** Runs (steps and prefills) whose cache came back in CPU memory, and those whose cache stayed on the device. */
  get cacheRuns(): { readonly onCpu: number; readonly onDevice: number } {
    return this.held ? { onCpu: this.held.onCpu, onDevice: this.held.onDevice } : { onCpu: this.appended, onDevice: 0 };
  }

  /** Frees the cache's device memory; the decoder is done. */
  dispose(): void {
    this.held?.dispose();
  }

  reset(): void {
    const { heads: H, head_dim: dh, layers } = this.m.model;
    this.held?.reset();
    this.past = {};
    for (let i = 0; i < layers; i++) {
      this.past[`past_key.${i}`] = new CacheEntry(this.batch, H, dh, true);
      this.past[`past_value.${i}`] = new CacheEntry(this.batch, H, dh, false);
    }
    this.stepIndex = 0;
    this.integ = this.sessions.step.inputNames.includes('integ') ? this.zeros : null;
  }

  /**
   * Where the decoder stands now, to come back to (`load`): the loop's level search writes a chunk
   * several times from one state (generate.ts). A cache in device memory (WebGPU's held cache) is
   * downloaded; null where the runtime cannot (the search is then skipped).
   */
  async save(): Promise<DecoderState | null> {
    const held = this.held ? await this.held.save() : null;
    if (this.held && !held) return null;
    const past = this.held ? null : Object.fromEntries(Object.entries(this.past).map(([n, c]) => [n, c.save()]));
    return { past, held, step: this.stepIndex, integ: this.integ };
  }

  load(s: DecoderState): void {
    if (this.held) this.held.load(s.held!);
    else for (const [n, c] of Object.entries(s.past!)) this.past[n].load(c);
    this.stepIndex = s.step;
    this.integ = s.integ; // kept tensors are replaced, never written: sharing one is safe
  }

  /** Whether `prefill` can run (the pack has the graph). */
  get canPrefill(): boolean {
    return this.sessions.prefill !== undefined;
  }

  /**
   * Steps 0..S − 1 at once from an empty cache, as S `step` calls would run them: `tokens` (K × S,
   * codebook-major) are their input tokens (step s's = step s − 1's tokens, all special at s = 0), fed
   * to every row → the logits of step S − 1; the cache then holds S positions.
   */
  async prefill(tokens: Int32Array, S: number): Promise<Scores> {
    if (!this.sessions.prefill) throw new Error('this pack has no prefill graph');
    if (this.stepIndex !== 0) throw new Error(`prefill starts a window, but ${this.stepIndex} steps are cached`);
    const { batch: B } = this;
    const K = this.m.tokens.codebooks, D = this.m.model.dim;
    const tok = new BigInt64Array(B * K * S);
    for (let b = 0; b < B; b++) for (let i = 0; i < K * S; i++) tok[b * K * S + i] = BigInt(tokens[i]);
    const feeds = { tokens: i64(tok, [B, K, S]), prefix: this.prefix, control: f32(this.controlRows(0, S), [B, S, D]), ...this.cross };
    if (this.held) {
      const out = await this.sessions.prefill.run(feeds, ['logits', ...this.held.names(), ...(this.integ ? ['integ_out'] : [])]);
      this.held.take(out);
      this.carry(out);
      this.stepIndex = S;
      return this.scores(out.logits);
    }
    const out = await this.sessions.prefill.run(feeds);
    this.carry(out);
    for (let i = 0; i < this.m.model.layers; i++) {
      this.past[`past_key.${i}`].fill(out[`present_key.${i}`]);
      this.past[`past_value.${i}`].fill(out[`present_value.${i}`]);
    }
    this.appended++;
    this.stepIndex = S;
    return this.scores(out.logits);
  }

  /** The control rows of steps first..first + S − 1 for every batch row (B × S × D): step s reads row min(s, T − 1). */
  private controlRows(first: number, S: number): Float32Array {
    const B = this.batch, D = this.m.model.dim, Tp = this.control.dims[1], all = this.control.data as Float32Array;
    const c = new Float32Array(B * S * D);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        const row = Math.min(first + s, this.frames - 1);
        c.set(all.subarray((b * Tp + row) * D, (b * Tp + row + 1) * D), (b * S + s) * D);
      }
    }
    return c;
  }

  /** Keeps a run's `integ_out` for the next run, when the model has integrated inputs. */
  private carry(out: Record<string, Tensor>): void {
    if (!this.integ) return;
    if (!out.integ_out) throw new Error('the step takes integ, but this run returned no integ_out');
    this.integ = keep(out.integ_out);
  }

  private scores(logits: Tensor): Scores {
    return { data: (logits.data as Float32Array).slice(), batch: this.batch, codebooks: this.m.tokens.codebooks, card: this.m.tokens.codebook_size };
  }

  /** One step: `tokens` (K) are step s − 1's tokens, fed to every row → logits (B × K × card). */
  async step(tokens: Int32Array): Promise<Scores> {
    const { batch: B } = this;
    const K = this.m.tokens.codebooks, D = this.m.model.dim, s = this.stepIndex;
    const tok = new BigInt64Array(B * K);
    for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) tok[b * K + k] = BigInt(tokens[k]);
    const feeds = {
      tokens: i64(tok, [B, K]),
      prefix: s === 0 ? this.prefix : this.zeros,
      step: i64(BigInt64Array.of(BigInt(s)), [1]),
      control: f32(this.controlRows(s, 1), [B, D]),
      ...this.windowed.at(s),
      ...(this.integ ? { integ: this.integ } : {}),
    };
    if (this.held) {
      // only the logits (and a model's small integ state) come to the CPU: the presents stay where the runtime put them
      const out = await this.sessions.step.run({ ...feeds, ...this.held.feeds() }, ['logits', ...this.held.names(), ...(this.integ ? ['integ_out'] : [])]);
      this.held.take(out);
      this.carry(out);
      this.stepIndex++;
      return this.scores(out.logits);
    }
    const out = await this.sessions.step.run({ ...feeds, ...Object.fromEntries(Object.entries(this.past).map(([n, c]) => [n, c.tensor()])) });
    this.carry(out);
    for (let i = 0; i < this.m.model.layers; i++) {
      this.past[`past_key.${i}`].append(out[`new_key.${i}`]);
      this.past[`past_value.${i}`].append(out[`new_value.${i}`]);
    }
    this.appended++;
    this.stepIndex++;
    return this.scores(out.logits);
  }
}
