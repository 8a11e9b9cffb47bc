import unittest

import numpy as np

from training.music.data import controls_from_json, synthetic_clip, video_from_analysis


class SyntheticTest(unittest.TestCase):
    def test_clip(self):
        c = synthetic_clip(np.random.default_rng(0), 100)
        self.assertEqual(c["codes"].shape, (4, 100))
        self.assertTrue(0 <= c["codes"].min() and c["codes"].max() < 2048)
        self.assertEqual({n: v.shape for n, (v, m) in c["controls"].items()},
                         {"rhythm": (100, 1), "intensity": (100, 1), "melody": (100, 12), "emotion": (100, 2), "harmony": (100, 24)})
        self.assertEqual((c["frame"].shape, c["context"].shape, c["patch"].shape), ((20, 17), (20, 10), (20, 16, 7)))
        mel = c["controls"]["melody"][0]
        self.assertTrue(np.all(mel.sum(1) == 1))
        self.assertTrue(np.all(c["codes"][0] // 16 == mel.argmax(1)))  # codebook 0 carries the melody
        beats = c["controls"]["rhythm"][0][:, 0] >= 0.9
        self.assertTrue(np.all((c["codes"][0] % 2 == 1) == beats))


class EngineFilesTest(unittest.TestCase):
    def test_controls_json(self):
        j = {"format": "undertone-controls", "version": 1, "frames": 2, "controls": {
            "rhythm": {"dim": 1, "values": [[0], [2]], "mask": [[1], [1]]},
            "intensity": {"dim": 1, "values": [[-23.4], [-20]], "mask": [[1], [1]]},
            "melody": {"dim": 12, "values": [[0] * 12, [1] + [0] * 11], "mask": [[0] * 12, [1] * 12]},
            "emotion": {"dim": 2, "values": [[0.1, -0.4], [0, 0]], "mask": [[1, 1], [1, 1]]}}}
        c = controls_from_json(j)
        self.assertEqual(c["melody"][0].shape, (2, 12))
        self.assertEqual(float(c["rhythm"][0][1, 0]), 2.0)
        self.assertEqual(float(c["harmony"][1].sum()), 0.0)  # absent: all free

    def test_video_analysis(self):
        j = {"spec": {"version": 1, "fps": 10}, "descriptors": {
            "frame": [[0.1] * 17] * 3, "context": [[0.2] * 10] * 3, "patch": [[0.3] * 112] * 3}}
        v = video_from_analysis(j)
        self.assertEqual((v["frame"].shape, v["context"].shape, v["patch"].shape), ((3, 17), (3, 10), (3, 16, 7)))


if __name__ == "__main__":
    unittest.main()
