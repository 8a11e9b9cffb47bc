"""The cumulative phase's reference and its loss: a held sinusoid must survive resynthesis."""
import math
import unittest

import numpy as np
import torch

from training.codec.losses import PhaseAdvanceLoss
from training.codec.stft import ConvISTFT
from training.codec.synth import synthesize

SR, N, HOP = 32000, 1280, 320


def sine(f, seconds=1.0):
    t = torch.arange(int(SR * seconds)) / SR
    return (0.2 * torch.sin(2 * math.pi * f * t))[None, None]


def true_frames(x):
    pad = (N - HOP) // 2
    xp = torch.nn.functional.pad(x, (pad, pad), mode="reflect")[:, 0]
    return torch.stft(xp, N, HOP, window=torch.hann_window(N), center=False, return_complex=True)


class TestPhaseAdvance(unittest.TestCase):
    def test_true_advances_score_zero_and_wrong_ones_do_not(self):
        x = sine(443.0)
        X = true_frames(x)
        adv = torch.cat([torch.zeros_like(X[..., :1].real), torch.angle(X[..., 1:]) - torch.angle(X[..., :-1])], -1)
        loss = PhaseAdvanceLoss(N, HOP)
        self.assertLess(loss(adv, x).item(), 1e-4)
        self.assertGreater(loss(adv + 0.5, x).item(), 0.1)  # a constant error of half a radian
        self.assertGreater(loss(torch.zeros_like(adv), x).item(), 0.5)

    def test_centre_origin_keeps_a_held_sinusoid_at_its_level(self):
        """The magnitudes of the original and one advance for every bin (the sinusoid's own): with
        bins starting at π·k the sinusoid comes back at its level, from 0 it loses most of it."""
        for f in (110.0, 443.0, 1046.5):
            x = sine(f)
            X = true_frames(x)
            mag = X.abs().numpy().transpose(0, 2, 1)  # (1, S, bins)
            adv = np.full_like(mag, 2 * math.pi * f * HOP / SR)
            lv = {}
            for origin in ("start", "centre"):
                y = synthesize(mag, adv, N, HOP, origin)[0, 0]
                mid = slice(SR // 4, -SR // 4)
                lv[origin] = float(np.sqrt(np.mean(y[mid] ** 2)) / np.sqrt(np.mean(x[0, 0, mid].numpy() ** 2)))
            self.assertGreater(lv["centre"], 0.9, (f, lv))
            self.assertLess(lv["start"], 0.7, (f, lv))

    def test_synthesize_equals_the_decoder_istft_after_its_cumsum(self):
        g = torch.Generator().manual_seed(0)
        mag = torch.rand(1, 641, 12, generator=g)
        adv = (torch.rand(1, 641, 12, generator=g) - 0.5) * 6
        k = torch.arange(641, dtype=torch.float64)[None, :, None]
        phase = torch.cumsum(adv.double(), 2) + math.pi * k
        spec = torch.cat([mag * torch.cos(phase).float(), mag * torch.sin(phase).float()], 1)
        want = ConvISTFT(N, HOP)._fft(spec).numpy()
        got = synthesize(mag.numpy().transpose(0, 2, 1), adv.numpy().transpose(0, 2, 1), N, HOP, "centre")
        self.assertLess(np.abs(got - want).max(), 1e-4)


if __name__ == "__main__":
    unittest.main()


class TestPeakPhase(unittest.TestCase):
    """Magnitude-only synthesis (synth.py peak_phase = src/engine/codec/synth.ts 'peaks')."""

    def resynth(self, x):
        mag = true_frames(x).abs()[0].T.numpy()[None]  # (1, S, bins) frame-major
        from training.codec.synth import synthesize_peaks
        return synthesize_peaks(mag, N, HOP)[0, 0]

    def test_held_sines_keep_level_and_pitch(self):
        for f in (65.4, 261.6, 443.0, 1046.5, 2093.0):
            x = sine(f, 2.0)
            y = self.resynth(x)
            a, b = x[0, 0, 8000:56000].numpy(), y[8000:56000]
            level = np.sqrt((b ** 2).mean() / (a ** 2).mean())
            self.assertGreater(level, 0.9, f)
            self.assertLess(level, 1.1, f)
            spec = np.abs(np.fft.rfft(b * np.hanning(len(b)), 1 << 17))
            hz = np.argmax(spec) * SR / (1 << 17)
            self.assertLess(abs(1200 * np.log2(hz / f)), 10, f)

    def test_model_decoder_magnitude_mode_runs_and_head_is_magnitude_only(self):
        from training.codec.model import Decoder
        d = Decoder(hop=640, n_fft=N, sub=2, dim=32, depth=1, mult=2, latent_dim=8, phase="magnitude")
        self.assertEqual(d.head.out_features, 2 * (N // 2 + 1))
        z = torch.randn(1, 8, 5)
        self.assertEqual(tuple(d.magnitudes(z).shape), (1, 10, N // 2 + 1))
        self.assertEqual(tuple(d(z).shape), (1, 1, 5 * 640))
