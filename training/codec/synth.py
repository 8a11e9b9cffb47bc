"""STFT frames (magnitude, phase advance) → audio, as the engine does it (src/engine/codec/synth.ts).

Codec decoders with a cumulative phase are exported without their inverse STFT: the graph writes
each STFT frame's magnitudes and phase advances, and the engine sums the advances (carrying the
phase across streamed chunks), inverts each frame and overlap-adds. This is the same maths for the
Python side (export checks, pack comparisons): the decoder's cumsum, then ConvISTFT."""
from __future__ import annotations

import numpy as np
import torch

from .stft import ConvISTFT


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
