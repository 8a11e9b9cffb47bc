import unittest

import torch

from training.codec.stft import ConvISTFT, ConvSTFT, hann


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


if __name__ == "__main__":
    unittest.main()
