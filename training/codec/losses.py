"""Reconstruction and adversarial losses (all computed in fp32)."""
from __future__ import annotations

import torch
import torch.nn.functional as F
import torchaudio
from torch import nn


class MultiResolutionSTFTLoss(nn.Module):
    """Spectral convergence + log-magnitude L1, averaged over resolutions (Parallel WaveGAN)."""

    def __init__(self, ffts=(512, 1024, 2048)):
        super().__init__()
        self.ffts = list(ffts)
        for n in self.ffts:
            self.register_buffer(f"win{n}", torch.hann_window(n), persistent=False)

    def mag(self, x, n):
        s = torch.stft(x, n, n // 4, window=getattr(self, f"win{n}"), return_complex=True)
        return s.abs().clamp_min(1e-5)

    def forward(self, y_hat, y):
        y_hat, y = y_hat.float().squeeze(1), y.float().squeeze(1)
        total = 0.0
        for n in self.ffts:
            a, b = self.mag(y_hat, n), self.mag(y, n)
            sc = torch.linalg.norm(b - a, dim=(1, 2)) / torch.linalg.norm(b, dim=(1, 2)).clamp_min(1e-5)
            total = total + sc.mean() + F.l1_loss(torch.log(a), torch.log(b))
        return total / len(self.ffts)


class MelLoss(nn.Module):
    """L1 between log-mel spectrograms at several resolutions (the report's 'log-mel L1')."""

    def __init__(self, sample_rate=32000, ffts=(512, 1024, 2048), bins=(32, 64, 128)):
        super().__init__()
        self.mels = nn.ModuleList(
            torchaudio.transforms.MelSpectrogram(sample_rate, n_fft=n, hop_length=n // 4,
                                                 n_mels=m, power=1.0)
            for n, m in zip(ffts, bins))

    def forward(self, y_hat, y):
        y_hat, y = y_hat.float(), y.float()
        total = 0.0
        for mel in self.mels:
            total = total + F.l1_loss(torch.log(mel(y_hat).clamp_min(1e-5)),
                                      torch.log(mel(y).clamp_min(1e-5)))
        return total / len(self.mels)


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
