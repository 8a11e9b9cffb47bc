/**
 * The codebook delay pattern (MusicGen) as validated data, named as in training/music/delay.py.
 *
 * Codebook k is delayed by delays[k] steps. A clip of T frames is a sequence of
 * S = T + max(delays) steps; step s of codebook k holds frame s − delays[k], or the special token
 * (= codebook size) where that frame does not exist. K = 4, T = 5, S = 8:
 *
 *     step      0   1   2   3   4   5   6   7
 *     k=0      a0  a1  a2  a3  a4   S   S   S
 *     k=1       S  b0  b1  b2  b3  b4   S   S
 *     k=2       S   S  c0  c1  c2  c3  c4   S
 *     k=3       S   S   S  d0  d1  d2  d3  d4
 *
 * The step graph at position s reads step s − 1 (`shiftIn`; all special at s = 0) and predicts
 * step s, so generation writes codebook k's frame s − delays[k] at step s, and frame t is complete
 * after step t + max(delays). Codes and sequences are flat row-major Int32Arrays (codebook-major).
 * test/fixtures/music/delay_pattern.json is the worked example both sides test against.
 */

export class DelayPattern {
  readonly delays: readonly number[];

  constructor(readonly codebooks = 4, readonly card = 2048, delays?: readonly number[]) {
    const d = delays ?? Array.from({ length: codebooks }, (_, k) => k);
    if (d.length !== codebooks || d[0] !== 0 || d.some((x, i) => !Number.isInteger(x) || (i > 0 && x < d[i - 1]))) {
      throw new Error(`delays must start at 0, be non-decreasing integers and have ${codebooks} entries: [${d.join(', ')}]`);
    }
    this.delays = [...d];
  }

  get special(): number {
    return this.card;
  }

  get maxDelay(): number {
    return this.delays[this.codebooks - 1];
  }

  /** Steps of a clip of `frames` frames. */
  steps(frames: number): number {
    return frames + this.maxDelay;
  }

  /** The frame codebook k writes at step s (may be < 0 or ≥ frames: then the slot is special). */
  frameAt(k: number, s: number): number {
    return s - this.delays[k];
  }

  /** Whether step s of codebook k holds a real frame of a clip of `frames` frames. */
  valid(k: number, s: number, frames: number): boolean {
    const t = s - this.delays[k];
    return t >= 0 && t < frames;
  }

  /** Codes (K × T) → sequence (K × (T + max delay)) with special tokens. */
  build(codes: Int32Array, frames: number): Int32Array {
    this.checkShape(codes, frames, 'codes');
    const S = this.steps(frames);
    const seq = new Int32Array(this.codebooks * S).fill(this.special);
    for (let k = 0; k < this.codebooks; k++) {
      for (let t = 0; t < frames; t++) {
        const c = codes[k * frames + t];
        if (!(c >= 0 && c < this.card)) throw new Error(`code ${c} at codebook ${k}, frame ${t} is outside [0, ${this.card})`);
        seq[k * S + t + this.delays[k]] = c;
      }
    }
    return seq;
  }

  /** Sequence (K × S) → codes (K × (S − max delay)); throws where a frame slot holds the special token. */
  revert(seq: Int32Array, steps: number): Int32Array {
    this.checkShape(seq, steps, 'sequence');
    const T = steps - this.maxDelay;
    if (T < 0) throw new Error(`${steps} steps hold no frame (max delay ${this.maxDelay})`);
    const codes = new Int32Array(this.codebooks * T);
    for (let k = 0; k < this.codebooks; k++) {
      for (let t = 0; t < T; t++) {
        const c = seq[k * steps + t + this.delays[k]];
        if (c === this.special) throw new Error(`a special token where frame ${t} of codebook ${k} belongs`);
        codes[k * T + t] = c;
      }
    }
    return codes;
  }

  /** The model's input tokens: position 0 all special, position s step s − 1. */
  shiftIn(seq: Int32Array, steps: number): Int32Array {
    this.checkShape(seq, steps, 'sequence');
    const out = new Int32Array(seq.length);
    for (let k = 0; k < this.codebooks; k++) {
      out[k * steps] = this.special;
      out.set(seq.subarray(k * steps, (k + 1) * steps - 1), k * steps + 1);
    }
    return out;
  }

  private checkShape(a: Int32Array, n: number, what: string): void {
    if (a.length !== this.codebooks * n) throw new Error(`${what} has ${a.length} entries, expected ${this.codebooks} × ${n}`);
  }
}
