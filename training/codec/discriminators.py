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


class Discriminators(nn.Module):
    def __init__(self, periods, mpd_channels, mrd_ffts, mrd_channels):
        super().__init__()
        self.discs = nn.ModuleList(
            [PeriodDisc(p, mpd_channels) for p in periods]
            + [ResolutionDisc(n, mrd_channels) for n in mrd_ffts])

    def forward(self, x):
        outs, feats = [], []
        for d in self.discs:
            o, f = d(x)
            outs.append(o)
            feats.append(f)
        return outs, feats
