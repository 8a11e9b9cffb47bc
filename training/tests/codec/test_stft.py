import unittest

import torch

import math

from training.codec.losses import BassTarget
from training.codec.stft import ConvISTFT, ConvSTFT, bass_stft, exact_stft, hann


class TestSTFT(unittest.TestCase):
    def test_conv_istft_inverts_torch_stft(self):
        n, hop = 1280, 320
        x = torch.randn(2, 1, 32000, generator=torch.Generator().manual_seed(0))
        X = torch.stft(x[:, 0], n, hop, window=hann(n).float(), center=True, return_complex=True)
        y = ConvISTFT(n, hop)(torch.cat([X.real, X.imag], 1))
        # torch centres frames at i*hop; ours trims (n-hop)/2, i.e. starts hop/2 earlier.
        off = n // 2 - (n - hop) // 2
        err = (y[:, 0, off: off + 30000] - x[:, 0, :30000]).abs().max()
        self.assertLess(float(err), 1e-4)

    def test_fft_training_path_equals_exported_conv_path(self):
        m = ConvISTFT(1280, 320)
        spec = torch.randn(2, 1282, 37, generator=torch.Generator().manual_seed(2))
        a, b = m._fft(spec), m._conv(spec)
        self.assertEqual(a.shape, (2, 1, 37 * 320))
        self.assertLess(float((a - b).abs().max() / b.abs().max()), 1e-5)

    def test_conv_stft_matches_torch_magnitude(self):
        n, hop = 640, 160
        x = torch.randn(1, 1, 16000, generator=torch.Generator().manual_seed(1))
        ours = ConvSTFT(n, hop)(x)
        self.assertEqual(ours.shape, (1, n // 2 + 1, 16000 // hop))
        pad = (n - hop) // 2
        ref = torch.stft(torch.nn.functional.pad(x, (pad, pad), mode="reflect")[:, 0], n, hop,
                         window=hann(n).float(), center=False, return_complex=True).abs()
        self.assertLess(float((ours.exp() - ref).abs().max() / ref.abs().max()), 1e-4)



def tone(f0: float, partials: int = 4, seconds: float = 1.28, sr: int = 32000) -> torch.Tensor:
    t = torch.arange(int(seconds * sr), dtype=torch.float64) / sr
    return sum(torch.sin(2 * math.pi * f0 * h * t) / h for h in range(1, partials + 1)).float()[None, None] * 0.1


class TestBassFrontEnd(unittest.TestCase):
    def test_frames_line_up_with_the_short_window_and_conv_equals_fft(self):
        x = torch.randn(1, 1, 40960, generator=torch.Generator().manual_seed(3)) * 0.1
        bass = bass_stft(4096, 160, 32000, 2000.0)
        a = bass(x)
        self.assertEqual(a.shape, (1, 257, 40960 // 160))
        self.assertEqual(a.shape[-1], ConvSTFT(640, 160)(x).shape[-1])
        with exact_stft():
            b = bass(x)
        self.assertLess(float((a.exp() - b.exp()).abs().max() / b.exp().abs().max()), 1e-4)

    def test_resolves_a_low_note_that_the_short_window_merges(self):
        # C3 (130.8 Hz) with its partials: the long window shows a deep valley between the
        # fundamental and the 2nd partial (≈ 68 dB); the 640-point window's 50 Hz bins barely dip
        # (≈ 11 dB), so a note and its octave look alike to it.
        x = tone(130.81)
        mid = slice(100, 150)
        long = bass_stft(4096, 160, 32000, 2000.0)(x)[0, :, mid].mean(-1)
        k1, k2 = round(130.81 * 4096 / 32000), round(261.63 * 4096 / 32000)
        dip = long[(k1 + k2) // 2]
        self.assertGreater(float(long[k1] - dip), 40 / 8.686)  # natural-log magnitude: dB / 8.686
        short = ConvSTFT(640, 160)(x)[0, :, mid].mean(-1)  # bins at 0, 50, 100, … Hz
        j1, j2 = round(130.81 / 50), round(261.63 / 50)
        between = short[j1: j2 + 1]
        self.assertLess(float(torch.minimum(short[j1], short[j2]) - between.min()), 15 / 8.686)

    def test_bass_target_names_the_lowest_note(self):
        t = BassTarget()(tone(130.81))  # C3 = MIDI 48 = band 24
        self.assertEqual(t.shape, (1, 61, 64))
        frame = t[0, :, 32]
        self.assertEqual(int(frame.argmax()), 24)
        self.assertLess(float(frame[12]), 0.5)  # C2, an octave below, is far down
        self.assertLess(float(frame[23]), float(frame[24]))  # a semitone apart: 8 Hz bins blur them a little


if __name__ == "__main__":
    unittest.main()
