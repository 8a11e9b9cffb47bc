import unittest

import torch

from training.music.layers import NEG, sinusoid, window_mask


class WindowMaskTest(unittest.TestCase):
    def test_segments_of_eq5(self):
        pos = torch.arange(0, 600)          # 12 s of music at 50 Hz (plus nothing past the video)
        video = torch.arange(0, 100)        # 10 s of video at 10 fps
        m = window_mask(pos, video, 5.0, 50, 10)
        seen = lambda s: torch.nonzero(m[s] == 0)[:, 0].tolist()
        self.assertEqual(seen(0), list(range(0, 50)))
        self.assertEqual(seen(249), list(range(0, 50)))
        self.assertEqual(seen(250), list(range(50, 100)))
        self.assertEqual(seen(599), list(range(50, 100)))  # past the video: its last segment
        self.assertEqual(float(m[0, 50]), NEG)
        m2 = window_mask(pos, video, 2.0, 50, 10)
        self.assertEqual(torch.nonzero(m2[100] == 0)[:, 0].tolist(), list(range(20, 40)))
        self.assertIsNone(window_mask(pos, video, None, 50, 10))

    def test_every_row_sees_some_video(self):
        for w in (5.0, 3.0, 2.0):
            m = window_mask(torch.arange(0, 800), torch.arange(0, 37), w, 50, 10)
            self.assertTrue(bool(((m == 0).sum(1) > 0).all()), w)


class SinusoidTest(unittest.TestCase):
    def test_values(self):
        e = sinusoid(torch.tensor([0, 3]), 8)
        self.assertTrue(torch.allclose(e[0], torch.tensor([1.0] * 4 + [0.0] * 4)))
        self.assertAlmostEqual(float(e[1, 0]), float(torch.cos(torch.tensor(3.0))), places=6)
        self.assertAlmostEqual(float(e[1, 4]), float(torch.sin(torch.tensor(3.0))), places=6)


class WindowFramesTest(unittest.TestCase):
    def test_agrees_with_the_mask(self):
        from training.music.layers import window_frames
        for w in (None, 5.0, 3.0, 2.0):
            for Tv in (20, 37, 100):
                m = window_mask(torch.arange(0, 5 * Tv + 10), torch.arange(Tv), w, 50, 10)
                for s in range(0, 5 * Tv + 10, 7):
                    a, b = window_frames(s, Tv, w, 50, 10)
                    seen = list(range(Tv)) if m is None else torch.nonzero(m[s] == 0)[:, 0].tolist()
                    self.assertEqual(seen, list(range(a, b)), (w, Tv, s))


if __name__ == "__main__":
    unittest.main()
