"""Multi-period (HiFi-GAN) and multi-resolution spectrogram (Vocos/UnivNet) discriminators,
narrowed for a 2-core CPU. Each returns (logits list, feature-map lists)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import weight_norm


class PeriodDisc(nn.Module):
    def __init__(self, period: int, channels):
        super().__init__()
        self.period = period
        chans = [1] + list(channels)
        self.convs = nn.ModuleList(
            weight_norm(nn.Conv2d(chans[i], chans[i + 1], (5, 1), (3, 1), padding=(2, 0)))
            for i in range(len(channels)))
        self.post = weight_norm(nn.Conv2d(chans[-1], 1, (3, 1), padding=(1, 0)))

    def forward(self, x):
        b, c, t = x.shape
        if t % self.period:
            x = F.pad(x, (0, self.period - t % self.period), mode="reflect")
        x = x.view(b, c, -1, self.period)
        feats = []
        for conv in self.convs:
            x = F.leaky_relu(conv(x), 0.1)
            feats.append(x)
        return self.post(x).flatten(1), feats


class ResolutionDisc(nn.Module):
    def __init__(self, n_fft: int, channels: int):
        super().__init__()
        self.n_fft = n_fft
        self.register_buffer("win", torch.hann_window(n_fft), persistent=False)
        c = channels
        self.convs = nn.ModuleList([
            weight_norm(nn.Conv2d(1, c, (7, 5), (2, 2), padding=(3, 2))),
            weight_norm(nn.Conv2d(c, c, (5, 3), (2, 1), padding=(2, 1))),
            weight_norm(nn.Conv2d(c, c, (5, 3), (2, 2), padding=(2, 1))),
            weight_norm(nn.Conv2d(c, c, 3, padding=1)),
        ])
        self.post = weight_norm(nn.Conv2d(c, 1, 3, padding=1))

    def forward(self, x):
        with torch.autocast("cpu", enabled=False):
            s = torch.stft(x.float().squeeze(1), self.n_fft, self.n_fft // 4, window=self.win,
                           return_complex=True).abs()
        x = torch.log(s.clamp_min(1e-5))[:, None]  # (B, 1, freq, time)
        feats = []
        for conv in self.convs:
            x = F.leaky_relu(conv(x), 0.1)
            feats.append(x)
        return self.post(x).flatten(1), feats


class DiscriminatorSet(nn.Module):
    """Several discriminators on the same input: (logits list, feature-map lists)."""

    def forward(self, x):
        outs, feats = [], []
        for d in self.discs:
            o, f = d(x)
            outs.append(o)
            feats.append(f)
        return outs, feats


class Discriminators(DiscriminatorSet):
    def __init__(self, periods, mpd_channels, mrd_ffts, mrd_channels):
        super().__init__()
        self.discs = nn.ModuleList(
            [PeriodDisc(p, mpd_channels) for p in periods]
            + [ResolutionDisc(n, mrd_channels) for n in mrd_ffts])


class MagnitudeDisc(nn.Module):
    """A 2-D conv discriminator over a magnitude-only decoder's own log-magnitude frames (bins ×
    STFT frames), for the band below `bins`. Why (codec.md, session 14): trained on per-bin L1
    losses alone, a decoder unsure whether a low note has its fundamental writes the median of the
    two — a peakless plateau the synthesis locks to the 2nd partial, heard and read an octave up.
    Real spectra never look like that, and a discriminator that sees the peaks says so. The input
    is floored at `floor_db` under the item's loudest bin, so the empty floor (which the synthesis
    never hears) is not what tells real from fake; `fstride` coarsens the first layer's frequency
    step for a wide band."""

    def __init__(self, bins: int, channels: int, fstride: int = 1, floor_db: float = 60.0):
        super().__init__()
        self.bins, self.floor = bins, floor_db / 20 * 2.302585  # dB → natural log of amplitude
        c = channels
        self.convs = nn.ModuleList([
            weight_norm(nn.Conv2d(1, c, (7, 3), (fstride, 1), padding=(3, 1))),
            weight_norm(nn.Conv2d(c, c, (5, 3), (2, 1), padding=(2, 1))),
            weight_norm(nn.Conv2d(c, c, (5, 3), (2, 2), padding=(2, 1))),
            weight_norm(nn.Conv2d(c, c, 3, padding=1)),
        ])
        self.post = weight_norm(nn.Conv2d(c, 1, 3, padding=1))

    def forward(self, logmag):
        x = logmag[:, : self.bins].float()
        top = x.amax((1, 2), keepdim=True).detach()
        x = (torch.maximum(x, top - self.floor) - top) / self.floor + 1.0  # [0, 1]: floor → 0, loudest → 1
        x = x[:, None]
        feats = []
        for conv in self.convs:
            x = F.leaky_relu(conv(x), 0.1)
            feats.append(x)
        return self.post(x).flatten(1), feats


class MagnitudeDiscriminators(DiscriminatorSet):
    """Several MagnitudeDisc over nested bands (config "mag_disc": {"bands": [[bins, fstride], …],
    "channels": c}); takes log magnitudes (B, bins, frames) and returns (logits list, feature lists)
    like Discriminators."""

    def __init__(self, bands, channels: int, floor_db: float = 60.0):
        super().__init__()
        self.discs = nn.ModuleList(MagnitudeDisc(b, channels, s, floor_db) for b, s in bands)
