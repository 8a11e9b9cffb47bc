import random
import unittest

import numpy as np

from training.codec.dataset import SegmentSampler
from training.codec.tones import harmonic_tone


class TonesTest(unittest.TestCase):
    def test_tone_is_deterministic_normalised_and_harmonic(self):
        a = harmonic_tone(random.Random(5), 20480)
        b = harmonic_tone(random.Random(5), 20480)
        np.testing.assert_array_equal(a, b)
        self.assertAlmostEqual(float(np.sqrt(np.mean(a * a))), 0.1, places=4)
        self.assertTrue(np.isfinite(a).all())
        # a sustained single note is periodic: its spectrum is a few strong lines, not noise
        spec = np.abs(np.fft.rfft(a * np.hanning(len(a))))
        top = np.sort(spec)[::-1]
        self.assertGreater(top[:40].sum() / spec.sum(), 0.3)

    def test_sampler_mixes_in_the_requested_share_of_tones(self):
        rows = [{"path": "/nonexistent.wav", "samples": 64000, "split": "train"}]
        only_tones = SegmentSampler(rows, 6400, 8, seed=1, tones=1.0).batch()  # never reads the WAV
        self.assertEqual(tuple(only_tones.shape), (8, 1, 6400))
        rms = only_tones.pow(2).mean(dim=-1).sqrt().flatten()
        self.assertTrue(bool(((rms > 0.099) & (rms < 0.101)).all()))


if __name__ == "__main__":
    unittest.main()
