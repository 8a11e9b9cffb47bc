"""token_map: a music model's token rows carried to a refitted codec's tokens, by the latent map's
nearest code and by the two token sets' co-occurrence (training/music/token_map.py)."""
import unittest

import numpy as np
import torch

from training.music.token_map import cooccurrence, mean_rows, nearest_codes


class TokenMapTest(unittest.TestCase):
    def test_nearest_code_recovers_a_relabelling_through_the_map(self):
        g = torch.Generator().manual_seed(0)
        old = torch.randn(2, 16, 8, generator=g)
        perm = torch.randperm(16, generator=g)
        rot, _ = torch.linalg.qr(torch.randn(8, 8, generator=g))
        # new latents are a rotation of the old ones (row vectors t_new = t_old·rot, so z_old = rot·z_new), codes relabelled
        new = torch.stack([old[k][perm] @ rot for k in range(2)])
        near, rel = nearest_codes(old, new, rot)
        for k in range(2):
            self.assertTrue(torch.equal(near[k], perm))
        self.assertLess(float(rel.max()), 1e-5)

    def test_cooccurrence_means_rows_by_how_often_each_old_code_stood_there(self):
        card = 4
        old = np.array([[0, 0, 1, 2, 3, 3]], dtype=np.int16)
        new = np.array([[1, 1, 1, 0, 2, 2]], dtype=np.int16)
        (c,) = cooccurrence(old, new, card)
        self.assertEqual(c[1].tolist(), [2, 1, 0, 0])  # new 1 stood over old 0 twice, old 1 once
        self.assertEqual(c[0].tolist(), [0, 0, 1, 0])
        self.assertEqual(int(c[3].sum()), 0)  # new 3 never written
        rows = torch.tensor([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0], [5.0, 5.0]])
        fallback = torch.full((card, 2), -1.0)
        m = mean_rows(rows, c, fallback)
        self.assertTrue(torch.allclose(m[1], torch.tensor([2.0, 1.0])))  # (2·[3,0] + [0,3]) / 3
        self.assertTrue(torch.allclose(m[0], rows[2]))
        self.assertTrue(torch.allclose(m[2], rows[3]))
        self.assertTrue(torch.equal(m[3], fallback[3]))

    def test_token_sets_of_other_shapes_are_refused(self):
        with self.assertRaises(ValueError):
            cooccurrence(np.zeros((4, 10), np.int16), np.zeros((4, 9), np.int16), 8)


if __name__ == "__main__":
    unittest.main()
