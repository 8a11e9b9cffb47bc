import math
import unittest

import torch

from training.codec.metrics import codebook_usage, si_snr
from training.codec.quantizer import ResidualVQ


class TestResidualVQ(unittest.TestCase):
    def test_codes_decode_to_the_quantised_latents(self):
        torch.manual_seed(0)
        vq = ResidualVQ(4, 64, 8)
        z = torch.randn(2, 8, 30)
        q, codes, _ = vq(z)  # training mode: initialises and updates codebooks
        vq.eval()
        q, codes, _ = vq(z)
        self.assertEqual(codes.shape, (2, 4, 30))
        self.assertTrue(torch.allclose(vq.decode(codes), q, atol=1e-5))
        self.assertTrue(torch.equal(vq.encode(z), codes))

    def test_more_codebooks_reduce_residual_error(self):
        torch.manual_seed(0)
        vq = ResidualVQ(4, 256, 4)
        z = torch.randn(4, 4, 256)
        for _ in range(30):
            vq(z)
        vq.eval()
        codes = vq.encode(z)
        errs = []
        for k in range(1, 5):
            partial = sum(torch.nn.functional.embedding(codes[:, i], vq.layers[i].embed) for i in range(k))
            errs.append(float((partial.permute(0, 2, 1) - z).pow(2).mean()))
        self.assertEqual(errs, sorted(errs, reverse=True))

    def test_dead_codes_are_restarted_from_the_batch(self):
        torch.manual_seed(0)
        vq = ResidualVQ(1, 32, 2, decay=0.5, dead_threshold=0.5)
        vq(torch.randn(1, 2, 64))
        # Data far from every code: unused codes must move onto it.
        for _ in range(5):
            vq(torch.randn(1, 2, 64) + 100.0)
        near = (vq.layers[0].embed - 100.0).norm(dim=1) < 10
        # Without restarts only the single nearest code would follow the data.
        self.assertGreaterEqual(int(near.sum()), 8)

    def test_restarted_codes_stay_on_the_data_after_the_next_update(self):
        # Few vectors per step for many codes, as in training (512 vectors, 2048 codes): codes die
        # after ~300 steps of EMA decay and are re-seeded every step after that.
        torch.manual_seed(0)
        vq = ResidualVQ(1, 256, 2, decay=0.99, dead_threshold=0.05)
        for _ in range(400):
            vq(torch.randn(1, 2, 64))
        # Every code sits within the data's range: none flung out by the restart bookkeeping.
        self.assertLess(float(vq.layers[0].embed.abs().max()), 5.0)
        vq.eval()
        self.assertGreater(torch.unique(vq.encode(torch.randn(1, 2, 4096))).numel(), 150)


class TestMetrics(unittest.TestCase):
    def test_si_snr_golden_values(self):
        t = torch.arange(16000) / 16000.0
        ref = torch.sin(2 * math.pi * 440 * t)[None]
        self.assertGreater(float(si_snr(ref * 0.5, ref)), 80)  # scale-invariant
        noise = torch.sin(2 * math.pi * 1234 * t)[None] * 0.1
        self.assertAlmostEqual(float(si_snr(ref + noise, ref)), 20.0, delta=0.1)

    def test_usage_and_perplexity(self):
        codes = torch.arange(8).repeat(4).reshape(1, 1, 32)  # 8 codes equally often
        u = codebook_usage(codes, 16)[0]
        self.assertAlmostEqual(u["used_fraction"], 0.5)
        self.assertAlmostEqual(u["perplexity"], 8.0, places=5)


if __name__ == "__main__":
    unittest.main()
