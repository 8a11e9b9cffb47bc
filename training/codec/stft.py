"""STFT and inverse STFT as fixed-basis (de)convolutions.

torch.stft / torch.istft do not export to ONNX in torch 1.13, so both are written as a Conv1d /
ConvTranspose1d whose weights are the (inverse) DFT basis times a Hann window. The weights are
buffers, not parameters: nothing here is learned.
"""
from __future__ import annotations

import contextlib
import math

import torch
import torch.nn.functional as F
from torch import nn


def hann(n: int) -> torch.Tensor:
    # periodic Hann: with hop = n/4 its squared overlap-add is exactly 1.5 everywhere inside.
    return 0.5 - 0.5 * torch.cos(2 * math.pi * torch.arange(n, dtype=torch.float64) / n)


def dft_grid(n_fft: int):
    """Time index n (row), bin index k (column), the Hann window and the bin count, in float64."""
    bins = n_fft // 2 + 1
    n = torch.arange(n_fft, dtype=torch.float64)
    k = torch.arange(bins, dtype=torch.float64)[:, None]
    return n, k, hann(n_fft), bins


class ConvSTFT(nn.Module):
    exact = False  # set by exact_stft(): the exported conv form, to check ONNX against torch
    """wav (B, 1, T) → log-magnitude (B, n_fft/2+1, T/hop). Centre-padded so frame i covers
    samples around i*hop + hop/2, and T/hop frames come out exactly when hop divides T."""

    def __init__(self, n_fft: int, hop: int, bins: int | None = None):
        super().__init__()
        self.n_fft, self.hop = n_fft, hop
        n, k, w, all_bins = dft_grid(n_fft)
        bins = bins or all_bins  # fewer: only the lowest bins (bass_stft)
        k = k[:bins]
        basis = torch.cat([torch.cos(2 * math.pi * k * n / n_fft) * w,
                           -torch.sin(2 * math.pi * k * n / n_fft) * w])
        self.register_buffer("basis", basis[:, None, :].float(), persistent=False)
        self.bins = bins

    def forward(self, wav: torch.Tensor) -> torch.Tensor:
        pad = (self.n_fft - self.hop) // 2
        x = F.pad(wav, (pad, pad), mode="reflect")
        if torch.onnx.is_in_onnx_export() or ConvSTFT.exact:
            spec = F.conv1d(x, self.basis, stride=self.hop)
            re, im = spec[:, : self.bins], spec[:, self.bins:]
            return torch.log(re * re + im * im + 1e-6) * 0.5
        return self._fft(x)

    def _fft(self, x: torch.Tensor) -> torch.Tensor:
        """Same frames through torch.stft (fp32): a 2048-point conv basis costs ~20x more to train."""
        with torch.autocast("cpu", enabled=False):
            window = hann(self.n_fft).float().to(x.device)
            spec = torch.stft(x.float()[:, 0], self.n_fft, self.hop, window=window, center=False,
                              return_complex=True)[:, : self.bins]
            return torch.log(spec.real.square() + spec.imag.square() + 1e-6) * 0.5


def bass_stft(n_fft: int, hop: int, sample_rate: int, fmax: float) -> "ConvSTFT":
    """A long-window ConvSTFT over the bins below `fmax` only (the encoder's bass front end): its
    exported conv basis is then 2 × bins rows, not n_fft + 2, and its frames line up with the
    short window's (same hop, same centre padding)."""
    return ConvSTFT(n_fft, hop, bins=int(fmax * n_fft / sample_rate) + 1)


class ConvISTFT(nn.Module):
    """(real, imag) frames (B, 2*bins, F) → wav (B, 1, F*hop) by windowed overlap-add.

    Dividing by the window's squared overlap-add (computed by the same transposed conv on ones)
    makes it the exact inverse of a Hann STFT, edges included."""

    def __init__(self, n_fft: int, hop: int):
        super().__init__()
        self.n_fft, self.hop = n_fft, hop
        n, k, w, bins = dft_grid(n_fft)
        # irfft: DC and Nyquist count once, other bins twice (their conjugate twins).
        c = torch.full((bins, 1), 2.0, dtype=torch.float64)
        c[0] = 1.0
        c[-1] = 1.0
        cos_b = c * torch.cos(2 * math.pi * k * n / n_fft) / n_fft * w
        sin_b = -c * torch.sin(2 * math.pi * k * n / n_fft) / n_fft * w
        self.register_buffer("basis", torch.cat([cos_b, sin_b])[:, None, :].float(), persistent=False)
        self.register_buffer("wsq", (w * w)[None, None, :].float(), persistent=False)
        self.register_buffer("window", w.float(), persistent=False)

    def forward(self, spec: torch.Tensor) -> torch.Tensor:
        if torch.onnx.is_in_onnx_export():
            return self._conv(spec)
        return self._fft(spec)

    def _fft(self, spec: torch.Tensor) -> torch.Tensor:
        """Same maths through irfft + fold: 3-5x cheaper to train than the big transposed conv."""
        with torch.autocast("cpu", enabled=False):
            bins = spec.shape[1] // 2
            x = torch.complex(spec[:, :bins].float(), spec[:, bins:].float())
            frames = torch.fft.irfft(x.transpose(1, 2), n=self.n_fft) * self.window  # (B, F, n_fft)
            n_out = (frames.shape[1] - 1) * self.hop + self.n_fft
            y = F.fold(frames.transpose(1, 2), (1, n_out), (1, self.n_fft), stride=(1, self.hop))[:, :, 0]
            ones = torch.ones_like(spec[:, :1, :].float())
            env = F.conv_transpose1d(ones, self.wsq, stride=self.hop)
            y = y / env.clamp_min(1e-4)
            trim = (self.n_fft - self.hop) // 2
            return y[:, :, trim: y.shape[-1] - trim]

    def _conv(self, spec: torch.Tensor) -> torch.Tensor:
        """The exportable form: a ConvTranspose1d with the inverse-DFT × window basis."""
        y = F.conv_transpose1d(spec, self.basis, stride=self.hop)
        ones = torch.ones_like(spec[:, :1, :])
        env = F.conv_transpose1d(ones, self.wsq, stride=self.hop)
        y = y / env.clamp_min(1e-4)
        trim = (self.n_fft - self.hop) // 2
        return y[:, :, trim: y.shape[-1] - trim]


def logfreq_filterbank(n_fft: int, sample_rate: int, per_octave: int) -> torch.Tensor:
    """(bins, bands) triangular bands whose centres are the STFT's own bins while those are closer
    than 1/per_octave of an octave, then geometric at 1/per_octave octave up to Nyquist: full
    resolution where pitch lives (below ~1 kHz for 2048 points), far fewer channels above it."""
    bins = n_fft // 2 + 1
    hz = torch.arange(bins, dtype=torch.float64) * sample_rate / n_fft
    step = sample_rate / n_fft
    ratio = 2.0 ** (1.0 / per_octave)
    centres = [0.0]
    while centres[-1] < sample_rate / 2:
        c = centres[-1]
        centres.append(min(c + step, sample_rate / 2) if c * (ratio - 1) < step else min(c * ratio, sample_rate / 2))
        if centres[-1] == centres[-2]:
            centres.pop()
            break
    c = torch.tensor(centres, dtype=torch.float64)
    lo = torch.cat([c[:1] - step, c[:-1]])
    hi = torch.cat([c[1:], c[-1:] + step])
    f = hz[:, None]
    up = (f - lo[None]) / (c - lo)[None]
    down = (hi[None] - f) / (hi - c)[None]
    return torch.clamp(torch.minimum(up, down), min=0.0).float()


@contextlib.contextmanager
def exact_stft():
    """Run ConvSTFT in its exported (conv) form: torch.stft differs by ~1e-4 in log magnitude,
    enough to flip near-tied codes when comparing torch with onnxruntime."""
    ConvSTFT.exact = True
    try:
        yield
    finally:
        ConvSTFT.exact = False
