import unittest

import torch

from training.music.video import VFA, VideoEncoder


class VideoEncoderTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.enc = VideoEncoder(16, 32, 2, 2).eval()
        self.x = (torch.rand(2, 30, 17), torch.rand(2, 30, 10), torch.rand(2, 30, 16, 7))

    def test_shapes_and_null_row(self):
        with torch.no_grad():
            prefix, memory = self.enc(*self.x, torch.tensor([1.0, 0.0]))
        self.assertEqual(tuple(prefix.shape), (2, 32))
        self.assertEqual(tuple(memory.shape), (2, 30, 32))
        self.assertTrue(torch.equal(prefix[1], self.enc.null_prefix.data))
        self.assertTrue(torch.equal(memory[1], self.enc.null_memory.data.expand(30, 32)))

    def test_patches_reach_the_memory_and_not_the_prefix(self):
        f, c, p = self.x
        vm = torch.ones(2)
        with torch.no_grad():
            a = self.enc(f, c, p, vm)
            p2 = p.clone()
            p2[:, 10, 5] += 0.5  # one patch of one frame
            b = self.enc(f, c, p2, vm)
        self.assertTrue(torch.equal(a[0], b[0]))           # VFA reads frame features only
        self.assertGreater(float((a[1] - b[1]).abs().max()), 1e-4)

    def test_vfa_is_a_temporal_mean(self):
        vfa = VFA(8, 4)
        f = torch.rand(1, 12, 17)
        self.assertTrue(torch.allclose(vfa(f), vfa(torch.cat([f, f], 1)), atol=0.05))  # about the same clip twice

    def test_alpha_beta_learnable(self):
        names = [n for n, _ in self.enc.named_parameters() if n.endswith("_logit")]
        self.assertEqual(len(names), 4)


if __name__ == "__main__":
    unittest.main()
