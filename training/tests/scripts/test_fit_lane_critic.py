"""The lane critic's fit (training/scripts/fit_lane_critic.py): the per-code tables it writes must
give, summed the way the engine sums them (src/engine/generate/critic.ts), exactly the read-out
that was fitted on the filtered latents; and a kernel is the codec's integration convolved with the
smoothing."""
import unittest

import numpy as np
import torch

from training.scripts.fit_lane_critic import beat_classes, codes_sum, differenced, filtered, fold, kernel_of, lse_db
from training.music.tokens import CONTROL_COLUMNS, CONTROL_WIDTH


class KernelTest(unittest.TestCase):
    def test_plain_rvq_reads_the_frame_alone(self):
        self.assertEqual(kernel_of(0.0, 1).tolist(), [1.0])

    def test_smoothing_a_plain_rvq_is_the_geometric_kernel(self):
        h = kernel_of(0.0, 1, 0.5, n=4)
        self.assertTrue(torch.allclose(h, torch.tensor([1, 0.5, 0.25, 0.125])))

    def test_predictive_codec_smoothed_is_the_two_filters_convolved(self):
        # (1, 0.8, 0.64) * (1, 0.5, 0.25, …): h[1] = 0.8 + 0.5, h[2] = 0.64 + 0.8·0.5 + 0.25
        h = kernel_of(0.8, 3, 0.5, n=3)
        self.assertTrue(torch.allclose(h, torch.tensor([1.0, 1.3, 0.64 + 0.4 + 0.25])))


class FoldTest(unittest.TestCase):
    def test_engine_sum_of_per_code_terms_equals_the_fitted_readout(self):
        g = torch.Generator().manual_seed(0)
        K, size, D, T = 2, 5, 3, 9
        tables = torch.randn(K, size, D, generator=g)
        codes = np.random.default_rng(1).integers(0, size, (K, T))
        h = torch.tensor([1.0, 0.6, 0.2])
        z = filtered(codes_sum(codes, tables), h)                                # (T, D)
        mu, sd = torch.randn(D, generator=g), torch.rand(D, generator=g) + 0.5
        W, B = [torch.randn(1, D, generator=g), torch.randn(36, D, generator=g)], [torch.randn(1, generator=g), torch.randn(36, generator=g)]
        want = torch.cat([((z - mu) / sd) @ w.t() + b for w, b in zip(W, B)], 1)  # (T, 37)
        per_code, bias = fold(W, B, [(mu, sd), (mu, sd)], tables)
        # the engine: per frame, Σ_k P_k[c]; at frame t, bias + Σ_j h[j] · that sum at t − j
        acc = torch.stack([sum(per_code[k, codes[k, t]] for k in range(K)) for t in range(T)])
        got = torch.stack([bias + sum(h[j] * acc[t - j] for j in range(len(h)) if t - j >= 0) for t in range(T)])
        self.assertTrue(torch.allclose(got, want, atol=1e-4), (got - want).abs().max())


    def test_level_bins_replace_the_level_column_with_the_spectral_path(self):
        # with a linear log-magnitude path (proj, offset), the level's columns are that path's bins,
        # so the engine's sum per bin is ẑ·proj + offset and the level is their summed power
        g = torch.Generator().manual_seed(2)
        K, size, D, T, nb = 2, 4, 3, 6, 5
        tables = torch.randn(K, size, D, generator=g)
        codes = np.random.default_rng(3).integers(0, size, (K, T))
        z = codes_sum(codes, tables)
        mu, sd = torch.zeros(D), torch.ones(D)
        W, B = [torch.randn(1, D, generator=g), torch.randn(36, D, generator=g)], [torch.randn(1, generator=g), torch.randn(36, generator=g)]
        proj, offset = torch.randn(D, nb, generator=g, dtype=torch.float64), torch.randn(nb, generator=g, dtype=torch.float64)
        per_code, bias = fold(W, B, [(mu, sd), (mu, sd)], tables, (proj, offset))
        self.assertEqual(per_code.shape, (K, size, nb + 36))
        acc = torch.stack([bias + sum(per_code[k, codes[k, t]] for k in range(K)) for t in range(T)])
        want = z.double() @ proj + offset
        self.assertTrue(torch.allclose(acc[:, :nb].double(), want, atol=1e-4))
        self.assertTrue(torch.allclose(acc[:, nb:], (z @ torch.cat(W).t() + torch.cat(B))[:, 1:], atol=1e-4))
        # summed power: two bins of magnitude 0.1 → 0.02 → −16.99 dB
        self.assertAlmostEqual(float(lse_db(torch.log(torch.tensor([[0.1, 0.1]])))[0]), 10 * np.log10(0.02), places=4)


if __name__ == "__main__":
    unittest.main()


class RhythmTest(unittest.TestCase):
    def test_the_onset_kernel_reads_the_latents_change_from_the_frame_before(self):
        self.assertEqual(differenced(kernel_of(0.0, 1)).tolist(), [1.0, -1.0])
        h = kernel_of(0.8, 3)                                 # a predictive codec's integration
        q = torch.randn(10, 4, generator=torch.Generator().manual_seed(1))
        z = filtered(q.clone(), h)
        dz = torch.cat([z[:1], z[1:] - z[:-1]])
        self.assertTrue(torch.allclose(filtered(q.clone(), differenced(h)), dz, atol=1e-6))

    def test_beats_and_off_beat_frames_as_the_engine_encodes_the_lane(self):
        lo, _ = CONTROL_COLUMNS["rhythm"]
        v, m = torch.zeros(12, CONTROL_WIDTH), torch.zeros(12, CONTROL_WIDTH)
        m[:10, lo] = 1                                                   # frames 10-11 free
        v[3, lo] = 1.0                                                   # a beat
        v[6:11, lo] = torch.tensor([0.1353, 0.6065, 2.0, 0.6065, 0.1353])  # a downbeat at 8, its kernel's tails
        beat, off = beat_classes(v, m)
        self.assertEqual(torch.nonzero(beat).flatten().tolist(), [3, 8])
        # next to a beat (2, 4), a tail (6, 7, 9) and a free frame (10, 11) are neither
        self.assertEqual(torch.nonzero(off).flatten().tolist(), [0, 1, 5])
