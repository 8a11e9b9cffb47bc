import unittest

import numpy as np

from training.data.clips import cut, normalise, split_of
from training.data.engine import INTENSITY_REFERENCE_DB
from training.data.sources import licence_for, parse_copyright


class TestClips(unittest.TestCase):
    sr = 32000

    def test_normalise_hits_target_on_active_frames(self):
        t = np.arange(self.sr * 4) / self.sr
        x = 0.01 * np.sin(2 * np.pi * 220 * t)
        x[: self.sr] = 0  # a silent second must not drag the level down
        y = normalise(x, self.sr)  # the engine's levels: INTENSITY_REFERENCE_DB, MELODY_GATE_DB
        active = y[self.sr:]
        rms_db = 20 * np.log10(np.sqrt(np.mean(active ** 2)))
        self.assertAlmostEqual(rms_db, INTENSITY_REFERENCE_DB, delta=0.1)

    def test_cut_drops_silent_clips(self):
        x = np.concatenate([0.1 * np.ones(self.sr * 10), np.zeros(self.sr * 10), 0.1 * np.ones(self.sr * 5)])
        clips = list(cut(x, self.sr, 10.0, 4.0, -50.0))
        self.assertEqual([s for s, _ in clips], [0, 20 * self.sr])
        self.assertEqual(len(clips[1][1]), 5 * self.sr)

    def test_split_is_per_track_and_deterministic(self):
        splits = [split_of(f"t{i}", 0.1, 0.1, 1) for i in range(2000)]
        self.assertEqual(splits, [split_of(f"t{i}", 0.1, 0.1, 1) for i in range(2000)])
        self.assertAlmostEqual(splits.count("test") / 2000, 0.1, delta=0.03)


class TestLicence(unittest.TestCase):
    def test_last_matching_dep5_stanza_wins(self):
        import os
        import tempfile
        text = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                "Files: *\nCopyright: x\nLicense: GPL-2+\n\n"
                "Files: data/music/*\nCopyright: y\nLicense: CC-BY-SA-3.0\n")
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "copyright")
            open(p, "w").write(text)
            st = parse_copyright(p)
        self.assertEqual(licence_for(st, "usr/share/games/x/data/music/a.ogg"), "CC-BY-SA-3.0")
        self.assertEqual(licence_for(st, "usr/share/games/x/sounds/a.ogg"), "GPL-2+")


if __name__ == "__main__":
    unittest.main()
