"""STFT frames (magnitude, phase advance) → audio, as the engine does it (src/engine/codec/synth.ts).

Codec decoders with a cumulative phase are exported without their inverse STFT: the graph writes
each STFT frame's magnitudes and phase advances, and the engine sums the advances (carrying the
phase across streamed chunks), inverts each frame and overlap-adds. This is the same maths for the
Python side (export checks, pack comparisons): the decoder's cumsum, then ConvISTFT."""
from __future__ import annotations

import numpy as np
import torch

from .stft import ConvISTFT


PEAK_FLOOR = 1e-4  # src/engine/codec/synth.ts: peaks 80 dB under the frame's loudest are not peaks


def peak_phase(mag: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """Phase from magnitudes (synth.ts 'peaks'; the same maths, float64): (S, bins) → (S, bins)
    phases in the frame-centre reference. Per frame, each peak's frequency comes from a parabola on
    the log magnitudes; its phase advances by that frequency over the hop from the phase its bin had
    in the previous frame; every bin of its region (up to the lowest bin before the next peak)
    takes the peak's phase (identity phase locking, Laroche & Dolson 1999)."""
    S, bins = mag.shape
    mag = mag.astype(np.float64)
    per_bin = 2 * np.pi * hop / n_fft
    prev = np.zeros(bins)
    out = np.empty((S, bins))
    k_all = np.arange(bins)
    for s in range(S):
        m = mag[s]
        floor = max(m.max() * PEAK_FLOOR, 1e-9)
        c = m[1:-1]
        peaks = np.nonzero((c > floor) & (c > m[:-2]) & (c >= m[2:]))[0] + 1
        if len(peaks) == 0:
            prev = np.remainder(prev + per_bin * k_all, 2 * np.pi)
            out[s] = prev
            continue
        a, b, cc = (np.log(m[peaks + o] + 1e-12) for o in (-1, 0, 1))
        den = a - 2 * b + cc
        d = np.where(den < 0, 0.5 * (a - cc) / np.where(den < 0, den, -1.0), 0.0).clip(-0.5, 0.5)
        new = np.remainder(prev[peaks] + per_bin * (peaks + d), 2 * np.pi)
        # region ends (exclusive): one past the lowest bin between this peak and the next
        ends = np.empty(len(peaks), dtype=np.int64)
        for i in range(len(peaks) - 1):
            lo, hi = peaks[i] + 1, peaks[i + 1]
            ends[i] = lo + int(np.argmin(m[lo:hi])) + 1
        ends[-1] = bins
        region = np.searchsorted(ends, k_all, side="right")
        prev = new[region]
        out[s] = prev
    return out


def synthesize_peaks(mag: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """mag (B, S, bins) frame-major, as a magnitude-only graph writes it → (B, 1, S*hop) float32,
    phase from the magnitudes (peak_phase), converted to the frame-start reference (+ π·k)."""
    specs = []
    for m in mag:
        phase = peak_phase(m, n_fft, hop).T + np.pi * np.arange(m.shape[1])[:, None]
        mt = m.T.astype(np.float64)
        specs.append(np.concatenate([mt * np.cos(phase), mt * np.sin(phase)], axis=0))
    with torch.no_grad():
        return ConvISTFT(n_fft, hop)._fft(torch.from_numpy(np.stack(specs)).float()).numpy()


def synthesize(mag: np.ndarray, dphase: np.ndarray, n_fft: int, hop: int, frame_origin: str = "start") -> np.ndarray:
    """mag, dphase (B, S, bins), frame-major as the graph writes them → (B, 1, S*hop) float32.
    The running phase is summed in float64, from 0 ("start") or π·k ("centre") for bin k."""
    mag, dphase = mag.transpose(0, 2, 1), dphase.transpose(0, 2, 1)
    phase = np.cumsum(dphase.astype(np.float64), axis=2)
    if frame_origin == "centre":
        phase = phase + np.pi * np.arange(mag.shape[1])[None, :, None]
    spec = np.concatenate([mag * np.cos(phase), mag * np.sin(phase)], axis=1)
    with torch.no_grad():
        return ConvISTFT(n_fft, hop)._fft(torch.from_numpy(spec).float()).numpy()
