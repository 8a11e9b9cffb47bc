/**
 * Downbeat phase and meter from accents at the beats (docs/controls.md, "Rhythm"). Each beat's
 * accent = z(onset strength) + z(low-band onset strength): downbeats tend to be louder and to
 * carry the kick or the bass. For each meter m in {2, 3, 4} a Viterbi path over bar positions
 * (position advances by one per beat; any other move costs SLIP_COST, so a missed or extra beat
 * re-synchronises instead of shifting every later bar) collects the accents of the beats it
 * calls downbeats. The meter with the best score wins; 4 wins near-ties.
 */
const METERS = [4, 3, 2];
const SLIP_COST = 4;
/** Another meter's contrast must beat 4/4's by this much (z units): 4/4 is the common case. */
const METER_MARGIN = 0.25;

export interface Downbeats {
  readonly beatsPerBar: number;
  /** One flag per beat. */
  readonly downbeat: boolean[];
}

function zscore(x: number[]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return sd > 1e-9 ? x.map((v) => (v - mean) / sd) : x.map(() => 0);
}

function bestPath(accent: number[], m: number): { score: number; pos: number[] } {
  const n = accent.length;
  let score = new Float64Array(m);
  for (let s = 0; s < m; s++) score[s] = s === 0 ? accent[0] : 0;
  const back = new Int32Array(n * m);
  for (let i = 1; i < n; i++) {
    const next = new Float64Array(m);
    for (let s = 0; s < m; s++) {
      let best = -Infinity, arg = 0;
      for (let r = 0; r < m; r++) {
        const v = score[r] - ((r + 1) % m === s ? 0 : SLIP_COST);
        if (v > best) { best = v; arg = r; }
      }
      next[s] = best + (s === 0 ? accent[i] : 0);
      back[i * m + s] = arg;
    }
    score = next;
  }
  let last = 0;
  for (let s = 1; s < m; s++) if (score[s] > score[last]) last = s;
  const pos = new Array<number>(n);
  pos[n - 1] = last;
  for (let i = n - 1; i > 0; i--) pos[i - 1] = back[i * m + pos[i]];
  return { score: score[last], pos };
}

export function findDownbeats(strength: number[], lowStrength: number[]): Downbeats {
  const n = strength.length;
  if (n === 0) return { beatsPerBar: 4, downbeat: [] };
  const a = zscore(strength), b = zscore(lowStrength);
  const accent = a.map((v, i) => v + b[i]);
  const contrast = (pos: number[]) => {
    let on = 0, nOn = 0, off = 0, nOff = 0;
    pos.forEach((p, i) => (p === 0 ? ((on += accent[i]), nOn++) : ((off += accent[i]), nOff++)));
    return nOn && nOff ? on / nOn - off / nOff : 0;
  };
  const four = bestPath(accent, 4);
  let chosen = { m: 4, pos: four.pos, contrast: contrast(four.pos) };
  for (const m of METERS) {
    if (m === 4) continue;
    const r = bestPath(accent, m);
    const c = contrast(r.pos);
    if (c > chosen.contrast + (chosen.m === 4 ? METER_MARGIN : 0)) chosen = { m, pos: r.pos, contrast: c };
  }
  return { beatsPerBar: chosen.m, downbeat: chosen.pos.map((p) => p === 0) };
}
