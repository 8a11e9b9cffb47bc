import unittest

import torch

from training.music.controls import DCF, ConditionEncoder, mask_controls, normalise, pad_frames, widths
from training.music.data import collate, synthetic_clip

import numpy as np


class SpecTest(unittest.TestCase):
    def test_normalise(self):
        self.assertEqual(normalise("intensity", torch.tensor([-20.0, 0.0, -100.0])).tolist(), [0.0, 1.0, -4.0])
        self.assertEqual(normalise("rhythm", torch.tensor([0.0, 1.0, 2.0])).tolist(), [0.0, 0.5, 1.0])

    def test_widths_sum_to_dim(self):
        for d in (32, 256, 384, 1536):
            w = widths(d, 6)
            self.assertEqual(sum(w), d)
            self.assertLessEqual(max(w) - min(w), 1)


class DCFTest(unittest.TestCase):
    def test_weights_are_constant_within_a_patch(self):
        torch.manual_seed(0)
        dcf = DCF(8, patch=5).eval()
        c = torch.ones(2, 15, 8)
        out = dcf(c)  # C_in of ones: C_out = α itself
        alpha = out.reshape(2, 3, 5, 8)
        self.assertTrue(torch.allclose(alpha, alpha[:, :, :1].expand_as(alpha)))
        self.assertTrue(bool(((out > 0) & (out < 2)).all()))  # σ(·) + σ(·)
        self.assertGreater(float((alpha[:, 0, 0] - alpha[:, 1, 0]).abs().max()), 0)  # intra differs by patch

    def test_pad_frames(self):
        x = torch.ones(1, 7, 3)
        p = pad_frames(x, 5)
        self.assertEqual(tuple(p.shape), (1, 10, 3))
        self.assertEqual(float(p[:, 7:].abs().sum()), 0.0)
        self.assertIs(pad_frames(p, 5), p)


class MaskingTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.c = collate([synthetic_clip(rng, 80) for _ in range(16)])["controls"]

    def test_condition_dropout_frees_everything(self):
        out, dropped = mask_controls(self.c, torch.Generator().manual_seed(0), 0.0, 0.0, 0.0, 1.0)
        self.assertTrue(bool(dropped.all()))
        for n, (v, m) in out.items():
            self.assertEqual(float(m.abs().sum() + v.abs().sum()), 0.0, n)

    def test_free_span_eq11(self):
        out, _ = mask_controls(self.c, torch.Generator().manual_seed(1), 0.0, 1.0, 0.0, 0.0)
        for n in ("rhythm", "intensity", "melody"):
            v, m = out[n]
            free = (m.sum(2) == 0)
            for b in range(free.shape[0]):
                idx = torch.nonzero(free[b])[:, 0]
                self.assertGreater(len(idx), 0)
                self.assertEqual(int(idx[-1] - idx[0] + 1), len(idx))  # one contiguous span [a, b]
                self.assertEqual(float(v[b][free[b]].abs().sum()), 0.0)
                kept = ~free[b]
                self.assertTrue(torch.equal(v[b][kept], self.c[n][0][b][kept]))
        self.assertTrue(torch.equal(out["ensemble"][1], self.c["ensemble"][1]))

    def test_only_span_eq12(self):
        out, _ = mask_controls(self.c, torch.Generator().manual_seed(2), 0.0, 0.0, 1.0, 0.0)
        m = out["intensity"][1][:, :, 0]
        for b in range(m.shape[0]):
            idx = torch.nonzero(m[b])[:, 0]
            self.assertEqual(int(idx[-1] - idx[0] + 1), len(idx))

    def test_solo_rows_keep_exactly_one_control(self):
        out, dropped = mask_controls(self.c, torch.Generator().manual_seed(3), 0.0, 0.0, 0.0, 0.0, p_solo=1.0)
        self.assertFalse(bool(dropped.any()))
        kept = torch.stack([(m.reshape(m.shape[0], -1).sum(1) > 0) for _, m in out.values()], 1)
        self.assertTrue(torch.equal(kept.sum(1), torch.ones(kept.shape[0], dtype=torch.long)))
        self.assertGreater(len(set(kept.int().argmax(1).tolist())), 2)  # which one varies by row
        for n, (v, m) in out.items():  # a kept control is whole (no span asked here), values untouched
            rows = m.reshape(m.shape[0], -1).sum(1) > 0
            self.assertTrue(torch.equal(v[rows], self.c[n][0][rows]), n)

    def test_without_solo_the_masks_are_the_earlier_ones(self):
        a, _ = mask_controls(self.c, torch.Generator().manual_seed(4), 0.3, 0.25, 0.25, 0.1)
        b, _ = mask_controls(self.c, torch.Generator().manual_seed(4), 0.3, 0.25, 0.25, 0.1, p_solo=0.0)
        for n in a:
            self.assertTrue(torch.equal(a[n][1], b[n][1]), n)

    def test_encoder_shape(self):
        torch.manual_seed(0)
        enc = ConditionEncoder(32, patch=40).eval()
        padded = {n: (v, m) if n == "ensemble" else (pad_frames(v, 40), pad_frames(m, 40)) for n, (v, m) in self.c.items()}
        self.assertEqual(tuple(enc(padded).shape), (16, 80, 32))


if __name__ == "__main__":
    unittest.main()
