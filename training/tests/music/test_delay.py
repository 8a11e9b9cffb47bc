import json
import os
import unittest

import torch

from training.music.delay import DelayPattern

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "music", "delay_pattern.json")


class GoldenTest(unittest.TestCase):
    def test_matches_the_shared_fixture(self):
        with open(FIXTURE) as f:
            fx = json.load(f)
        p = DelayPattern(fx["codebooks"], fx["codebook_size"], tuple(fx["delays"]))
        codes = torch.tensor([fx["codes"]])
        seq = p.build(codes)
        self.assertEqual(seq[0].tolist(), fx["sequence"])
        self.assertEqual(p.shift_in(seq)[0].tolist(), fx["inputs"])
        self.assertEqual(p.valid(seq.shape[2]).int().tolist(), fx["valid"])
        self.assertEqual(p.revert(seq).tolist(), [fx["codes"]])
        self.assertEqual(p.special, fx["special"])


class PropertyTest(unittest.TestCase):
    def test_round_trip_and_layout(self):
        g = torch.Generator().manual_seed(0)
        for delays, T in (((0, 1, 2, 3), 1), ((0, 1, 2, 3), 17), ((0, 0, 2, 5), 9), ((0,), 4)):
            p = DelayPattern(len(delays), 2048, delays)
            codes = torch.randint(0, 2048, (3, len(delays), T), generator=g)
            seq = p.build(codes)
            self.assertEqual(seq.shape[2], T + max(delays))
            self.assertTrue(torch.equal(p.revert(seq), codes))
            valid = p.valid(seq.shape[2])
            self.assertEqual(int(valid.sum()), len(delays) * T)
            self.assertTrue(torch.equal(seq != p.special, valid[None].expand_as(seq)))
            # slot (k, s) holds frame s - d_k: nothing is read from the future of its step
            for k, d in enumerate(delays):
                self.assertTrue(torch.equal(seq[:, k, d:d + T], codes[:, k]))
            inp = p.shift_in(seq)
            self.assertTrue(bool((inp[:, :, 0] == p.special).all()))
            self.assertTrue(torch.equal(inp[:, :, 1:], seq[:, :, :-1]))

    def test_rejects_bad_layouts_and_codes(self):
        with self.assertRaises(ValueError):
            DelayPattern(4, 2048, (1, 2, 3, 4))
        with self.assertRaises(ValueError):
            DelayPattern(4, 2048, (0, 2, 1, 3))
        p = DelayPattern()
        with self.assertRaises(AssertionError):
            p.build(torch.full((1, 4, 3), 2048))
        seq = p.build(torch.zeros(1, 4, 3, dtype=torch.long))
        seq[0, 2, 3] = p.special
        with self.assertRaises(AssertionError):
            p.revert(seq)


if __name__ == "__main__":
    unittest.main()
