/**
 * The step graph's KV cache: per attention layer keys (B, H, dh, P), frames along the last axis,
 * and values (B, H, P, dh). The graph returns only the new position's entries and takes the cache
 * as one contiguous tensor, so each append re-strides every row. Doing it in place, in a buffer
 * that grows by doubling, and handing the runtime a view saves allocating the whole cache every
 * step (random pack of the base size, 10 s, Node, 1 thread: 24.9 → 13.7 ms a step, the loop's
 * share 38 → 27 %). The copy itself stays until the graph takes a fixed-size cache with a length input.
 */
import { presentNames } from './present-graph.ts';
import { f32, keep, onDevice, release, type Tensor } from './session.ts';

export interface CacheState { readonly data: Float32Array; readonly positions: number }

export class CacheEntry {
  private buf = new Float32Array(0);
  private P = 0;

  /** rows = B·H; width = dh; isKey: frames last (rows·dh rows of P) rather than P rows of dh. */
  constructor(private readonly batch: number, private readonly heads: number, private readonly dh: number, private readonly isKey: boolean) {}

  get length(): number {
    return this.P;
  }

  tensor(): Tensor {
    const { batch: b, heads: h, dh, P } = this;
    return f32(this.buf.subarray(0, b * h * dh * P), this.isKey ? [b, h, dh, P] : [b, h, P, dh]);
  }

  /** A copy of the cache as it is now (the loop's level search tries candidates from one state: generate.ts). */
  save(): CacheState {
    return { data: this.buf.slice(0, this.batch * this.heads * this.dh * this.P), positions: this.P };
  }

  /** Back to a saved state (copied in: later appends write into this entry's own buffer). */
  load(s: CacheState): void {
    if (s.data.length > this.buf.length) this.buf = new Float32Array(s.data.length);
    this.buf.set(s.data);
    this.P = s.positions;
  }

  /** Replaces the cache with `t`'s positions, laid out as the cache is: keys (B, H, dh, P), values (B, H, P, dh) (the prefill's presents). */
  fill(t: Tensor): void {
    const P = t.dims[this.isKey ? 3 : 2], data = t.data as Float32Array;
    if (data.length !== this.batch * this.heads * this.dh * P) throw new Error(`a cache of ${P} positions needs ${this.batch * this.heads * this.dh * P} values, got ${data.length}`);
    if (data.length > this.buf.length) this.buf = new Float32Array(data.length);
    this.buf.set(data);
    this.P = P;
  }

  /** Appends one position: `add` is (B, H, dh, 1) for keys, (B, H, 1, dh) for values. */
  append(add: Tensor): void {
    const { batch: b, heads: h, dh, P } = this;
    const nw = add.data as Float32Array, need = b * h * dh * (P + 1);
    if (need > this.buf.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, b * h * dh * P));
      this.buf = grown;
    }
    const a = this.buf;
    if (this.isKey) {
      // rows of P → rows of P + 1, last row first so no row is overwritten before it moves
      for (let row = b * h * dh - 1; row >= 0; row--) {
        a.copyWithin(row * (P + 1), row * P, row * P + P);
        a[row * (P + 1) + P] = nw[row];
      }
    } else {
      for (let r = b * h - 1; r >= 0; r--) {
        a.copyWithin(r * (P + 1) * dh, r * P * dh, (r + 1) * P * dh);
        a.set(nw.subarray(r * dh, (r + 1) * dh), (r * (P + 1) + P) * dh);
      }
    }
    this.P = P + 1;
  }
}

/**
 * The cache as whole tensors, for a step that returns it (`present_key.i` / `present_value.i`:
 * present-graph.ts, and every prefill): each run's presents become the next run's past as they are,
 * so on a GPU runtime they stay in device memory (`preferredOutputLocation: 'gpu-buffer'`) and the
 * cache never comes back to the CPU. A replaced device tensor is freed at once (onnxruntime-web does
 * not free GPU buffers itself); the rest goes at `dispose`. A CPU output is copied (it may share the
 * runtime's memory until its next run).
 */
export class HeldCache {
  private held: Record<string, Tensor> = {};
  /** Runs whose cache came back in CPU memory, and runs whose cache stayed on the device. */
  onCpu = 0;
  onDevice = 0;

  constructor(private readonly batch: number, private readonly heads: number, private readonly dh: number, private readonly layers: number) {
    this.reset();
  }

  /** Empty: zero positions per layer. */
  reset(): void {
    this.dispose();
    const { batch: b, heads: h, dh } = this, none = new Float32Array(0);
    for (let i = 0; i < this.layers; i++) {
      this.held[`past_key.${i}`] = f32(none, [b, h, dh, 0]);
      this.held[`past_value.${i}`] = f32(none, [b, h, 0, dh]);
    }
  }

  /** The past_* feeds of the next run. */
  feeds(): Record<string, Tensor> {
    return { ...this.held };
  }

  /** The outputs a run is asked for to hand its cache over. */
  names(): string[] {
    return presentNames(this.layers);
  }

  /** Takes a run's presents as the cache, freeing what they replace. */
  take(out: Readonly<Record<string, Tensor>>): void {
    let device = true;
    for (let i = 0; i < this.layers; i++) {
      for (const [past, present] of [[`past_key.${i}`, `present_key.${i}`], [`past_value.${i}`, `present_value.${i}`]]) {
        const t = out[present];
        if (!t) throw new Error(`the run returned no ${present}`);
        release(this.held[past]);
        this.held[past] = onDevice(t) ? t : keep(t);
        device &&= onDevice(t);
      }
    }
    if (device) this.onDevice++; else this.onCpu++;
  }

  /**
   * The cache as it is now, on the CPU: a tensor in device memory is downloaded (the next run would
   * free it, and a GPU buffer cannot be copied here), a CPU tensor is held as it is (never written
   * after it is kept). Null when a device tensor cannot be downloaded (a runtime without getData).
   */
  async save(): Promise<Record<string, Tensor> | null> {
    const out: Record<string, Tensor> = {};
    for (const [n, t] of Object.entries(this.held)) {
      if (!onDevice(t)) { out[n] = t; continue; }
      if (!t.getData) return null;
      out[n] = { type: t.type, data: (await t.getData()).slice(), dims: [...t.dims] } as Tensor;
    }
    return out;
  }

  /** Back to a saved cache: the device tensors held now are freed (a saved cache holds none). */
  load(s: Record<string, Tensor>): void {
    for (const t of Object.values(this.held)) release(t);
    this.held = { ...s };
  }

  /** Frees every device tensor held (the window is done, or failed). */
  dispose(): void {
    for (const t of Object.values(this.held)) release(t);
    this.held = {};
  }
}
