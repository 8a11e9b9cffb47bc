"""Reconstruction and adversarial losses (all computed in fp32)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
import torchaudio
from torch import nn


class SpectralLosses(nn.Module):
    """Log-mel L1 and multi-resolution STFT loss from one STFT per resolution (training computes
    both every step; sharing the transforms halves their cost).

    mel: mean over resolutions of L1(log mel(ŷ), log mel(y)), magnitude (power 1) mel spectrograms.
    mrstft: mean over resolutions of spectral convergence (over the whole batch) + log-magnitude L1.
    """

    def __init__(self, sample_rate=32000, ffts=(512, 1024, 2048), mel_bins=(32, 64, 128)):
        super().__init__()
        self.ffts = list(ffts)
        for n, m in zip(self.ffts, mel_bins):
            self.register_buffer(f"win{n}", torch.hann_window(n), persistent=False)
            fb = torchaudio.functional.melscale_fbanks(n // 2 + 1, 0.0, sample_rate / 2, m, sample_rate)
            self.register_buffer(f"fb{n}", fb, persistent=False)  # (freq, mels)

    def forward(self, y_hat, y):
        with torch.autocast("cpu", enabled=False):
            y_hat, y = y_hat.float().reshape(-1, y_hat.shape[-1]), y.float().reshape(-1, y.shape[-1])
            mel, mr = 0.0, 0.0
            for n in self.ffts:
                win, fb = getattr(self, f"win{n}"), getattr(self, f"fb{n}")
                a = torch.stft(y_hat, n, n // 4, window=win, return_complex=True).abs()
                b = torch.stft(y, n, n // 4, window=win, return_complex=True).abs()
                sc = torch.linalg.norm(b - a) / torch.linalg.norm(b).clamp_min(1e-3)
                mr = mr + sc + F.l1_loss(torch.log(a.clamp_min(1e-5)), torch.log(b.clamp_min(1e-5)))
                ma = (a.transpose(1, 2) @ fb).clamp_min(1e-5)
                mb = (b.transpose(1, 2) @ fb).clamp_min(1e-5)
                mel = mel + F.l1_loss(torch.log(ma), torch.log(mb))
            return mel / len(self.ffts), mr / len(self.ffts)


def discriminator_loss(real_outs, fake_outs):
    # hinge loss (as in EnCodec / Vocos)
    loss = 0.0
    for r, f in zip(real_outs, fake_outs):
        loss = loss + F.relu(1 - r.float()).mean() + F.relu(1 + f.float()).mean()
    return loss / len(real_outs)


def generator_loss(fake_outs):
    return sum(F.relu(1 - f.float()).mean() for f in fake_outs) / len(fake_outs)


def feature_loss(real_feats, fake_feats):
    loss, n = 0.0, 0
    for rs, fs in zip(real_feats, fake_feats):
        for r, f in zip(rs, fs):
            loss = loss + F.l1_loss(f.float(), r.float().detach()) / (r.float().abs().mean().detach() + 1e-5)
            n += 1
    return loss / max(n, 1)
