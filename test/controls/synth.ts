/**
 * Test audio with known truth, rendered here so no fixture file is needed: beat grids (steady,
 * ramp, step), click tracks and drum-like patterns, tone melodies, gain envelopes.
 */
import { mulberry32 } from '../../src/engine/random.ts';

export const SR = 32000;

/** Deterministic noise (mulberry32), so every run renders the same audio. */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() * 2 - 1;
}

export interface GridBeat { t: number; downbeat: boolean; index: number }

/** Beats where the integrated tempo bpm(t) reaches whole numbers, starting at `start`. */
export function grid(bpmAt: (t: number) => number, duration: number, meter = 4, start = 0.5): GridBeat[] {
  const out: GridBeat[] = [];
  let phase = 0;
  const dt = 1e-4;
  let k = 0;
  out.push({ t: start, downbeat: true, index: 0 });
  for (let t = start; t < duration - 0.05; t += dt) {
    phase += (bpmAt(t) / 60) * dt;
    if (phase >= k + 1) {
      k++;
      out.push({ t, downbeat: k % meter === 0, index: k });
    }
  }
  return out.filter((b) => b.t < duration - 0.05);
}

function addAt(x: Float32Array, at: number, sound: Float32Array, gain = 1): void {
  const s = Math.round(at * SR);
  for (let i = 0; i < sound.length && s + i < x.length; i++) if (s + i >= 0) x[s + i] += gain * sound[i];
}

function click(freq: number): Float32Array {
  const n = Math.round(0.03 * SR);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin((2 * Math.PI * freq * i) / SR) * Math.exp(-i / (0.006 * SR));
  return y;
}

function kick(): Float32Array {
  const n = Math.round(0.25 * SR);
  const y = new Float32Array(n);
  let ph = 0;
  for (let i = 0; i < n; i++) {
    const f = 50 + 90 * Math.exp(-i / (0.03 * SR));
    ph += (2 * Math.PI * f) / SR;
    y[i] = Math.sin(ph) * Math.exp(-i / (0.08 * SR));
  }
  return y;
}

function noiseBurst(seconds: number, decay: number, seed: number, highpass = false): Float32Array {
  const r = rng(seed);
  const n = Math.round(seconds * SR);
  const y = new Float32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const v = r();
    y[i] = (highpass ? v - prev : v) * Math.exp(-i / (decay * SR));
    prev = v;
  }
  return y;
}

/** Metronome: 1 kHz clicks, downbeats 2× louder at 1.5 kHz (a real metronome's accent). */
export function clickTrack(beats: readonly GridBeat[], duration: number): Float32Array {
  const x = new Float32Array(Math.round(duration * SR));
  const c = click(1000), d = click(1500);
  for (const b of beats) addAt(x, b.t, b.downbeat ? d : c, b.downbeat ? 0.6 : 0.3);
  return x;
}

/**
 * A drum kit: kick on the downbeat (and on beat 3 of a 4/4 bar, softer), snare on the other
 * beats, closed hi-hat on every half beat, a crash-like burst on the downbeat.
 */
export function drumPattern(beats: readonly GridBeat[], duration: number, meter = 4, hats = true): Float32Array {
  const x = new Float32Array(Math.round(duration * SR));
  const k = kick(), s = noiseBurst(0.15, 0.04, 7), h = noiseBurst(0.05, 0.01, 11, true), crash = noiseBurst(0.4, 0.15, 13, true);
  beats.forEach((b, i) => {
    const pos = b.index % meter;
    if (pos === 0) { addAt(x, b.t, k, 0.7); addAt(x, b.t, crash, 0.15); }
    else if (meter === 4 && pos === 2) addAt(x, b.t, k, 0.4);
    else addAt(x, b.t, s, 0.3);
    if (hats) {
      addAt(x, b.t, h, 0.12);
      const next = beats[i + 1];
      if (next) addAt(x, (b.t + next.t) / 2, h, 0.08);
    }
  });
  return x;
}

export interface ToneNote { start: number; end: number; midi: number }

/** Harmonic tones (partials 1..4 at 1, ½, ⅓, ¼) with 10 ms fades: a plain synth melody. */
export function toneMelody(notes: readonly ToneNote[], duration: number, gain = 0.3): Float32Array {
  const x = new Float32Array(Math.round(duration * SR));
  for (const n of notes) {
    const f0 = 440 * 2 ** ((n.midi - 69) / 12);
    const a = Math.round(n.start * SR), b = Math.min(x.length, Math.round(n.end * SR));
    const fade = Math.round(0.01 * SR);
    for (let h = 1; h <= 4; h++) {
      // sin(nω) by the two-term recurrence: much cheaper than Math.sin per sample
      const w = (2 * Math.PI * f0 * h) / SR;
      const c2 = 2 * Math.cos(w);
      let s1 = 0, s2 = -Math.sin(w);
      for (let i = a; i < b; i++) {
        const s0 = c2 * s1 - s2;
        s2 = s1;
        s1 = s0;
        const env = Math.min(1, (i - a) / fade, (b - i) / fade);
        x[i] += (gain * env * s2) / h;
      }
    }
  }
  return x;
}

/** Sustained chords (triads given as MIDI notes), each `seconds` long, as the harmony of a piece. */
export function chords(progression: readonly number[][], seconds: number, gain = 0.15): Float32Array {
  const notes: ToneNote[] = [];
  progression.forEach((ch, i) => ch.forEach((m) => notes.push({ start: i * seconds, end: (i + 1) * seconds, midi: m })));
  return toneMelody(notes, progression.length * seconds, gain);
}

export function mix(...parts: Float32Array[]): Float32Array {
  const n = Math.max(...parts.map((p) => p.length));
  const out = new Float32Array(n);
  for (const p of parts) for (let i = 0; i < p.length; i++) out[i] += p[i];
  return out;
}

/** Multiplies x by 10^(dB(t)/20). */
export function applyGainDb(x: Float32Array, db: (t: number) => number): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] * 10 ** (db(i / SR) / 20);
  return y;
}

export function whiteNoise(duration: number, gain: number, seed = 3): Float32Array {
  const r = rng(seed);
  const x = new Float32Array(Math.round(duration * SR));
  for (let i = 0; i < x.length; i++) x[i] = gain * r();
  return x;
}
