"""Synthetic harmonic tones mixed into codec training batches.

Why: the pitch fixtures showed what the composer's renders never teach the codec. Near-sinusoidal
notes (a high piano, an electric piano: one strong partial) came back almost silent (RMS 0.0875 →
0.0022), and fundamentals below ≈ 150 Hz were replaced by junk near 100 Hz (cello 146 Hz, bass
65 Hz), so the engine's f0 read another harmonic ("octave errors"). These tones cover exactly
that: any f0 from 30 Hz to 2 kHz, spectra from a pure sine to bright, odd-only (clarinet-like) or
with a weak fundamental, held, gated or decaying, with vibrato, alone or as a chord.
"""
from __future__ import annotations

import random

import numpy as np


def harmonic_tone(rng: random.Random, length: int, sr: int = 32000) -> np.ndarray:
    """One segment of 1-3 simultaneous harmonic notes; RMS normalised to 0.1 (the sampler's level
    augmentation sets the final loudness)."""
    t = np.arange(length) / sr
    out = np.zeros(length)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        f0 = 30.0 * (2000.0 / 30.0) ** rng.random()
        tilt = rng.uniform(0.3, 4.0)  # partial k at k^-tilt: 4 ≈ a pure sine, 0.3 very bright
        odd_only = rng.random() < 0.2
        weak_fundamental = rng.random() < 0.15
        vib_rate, vib_depth = rng.uniform(4, 7), (rng.uniform(5, 30) if rng.random() < 0.3 else 0.0)
        # instantaneous f0 with vibrato (cents), integrated to phase
        f = f0 * 2 ** (vib_depth / 1200 * np.sin(2 * np.pi * vib_rate * t + rng.uniform(0, 6.3)))
        phase0 = 2 * np.pi * np.cumsum(f) / sr
        note = np.zeros(length)
        k = 1
        while k * f0 < min(12000.0, sr / 2 - 500) and k <= 40:
            if not (odd_only and k % 2 == 0):
                amp = k ** -tilt * 10 ** (rng.uniform(-6, 6) / 20)
                if k == 1 and weak_fundamental:
                    amp *= 0.1
                note += amp * np.sin(k * phase0 + rng.uniform(0, 2 * np.pi))
            k += 1
        out += _envelope(rng, length, sr) * note * rng.uniform(0.5, 1.0)
    rms = np.sqrt(np.mean(out * out)) + 1e-9
    return (out * (0.1 / rms)).astype(np.float32)


def _envelope(rng: random.Random, length: int, sr: int) -> np.ndarray:
    """Held (a few ms to 50 ms attack), gated (note on and off inside the segment) or decaying."""
    n = np.arange(length)
    kind = rng.choice(("held", "gated", "decay"))
    attack = max(1, int(rng.uniform(0.003, 0.05) * sr))
    env = np.minimum(1.0, (n + 1) / attack)
    if kind == "gated":
        on = rng.randrange(0, length // 2)
        off = rng.randrange(on + length // 8, length)
        env = np.where((n >= on) & (n < off), np.minimum(1.0, (n - on + 1) / attack), 0.0)
        release = int(0.01 * sr)
        tail = (n >= off) & (n < off + release)
        env[tail] = 1.0 - (n[tail] - off) / release
    elif kind == "decay":
        start = rng.randrange(0, length // 3)
        env = np.where(n >= start, np.exp(-(n - start) / (rng.uniform(0.1, 1.5) * sr)), 0.0)
        env *= np.minimum(1.0, np.maximum(0, n - start + 1) / attack)
    return env
