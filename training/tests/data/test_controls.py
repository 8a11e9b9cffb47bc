import json
import os
import re
import tempfile
import unittest

import numpy as np

from training.data.controls import CONTROL_DIMS, CONTROLS_VERSION, controls_version, read_controls, remove_stale
from training.data.engine import ROOT


def controls_file(version: int, frames: int = 3, harmony: bool = True) -> dict:
    tracks = {n: {"dim": d, "values": [[0.0] * d for _ in range(frames)], "mask": [[1] * d for _ in range(frames)]}
              for n, d in CONTROL_DIMS.items() if harmony or n != "harmony"}
    j = {"format": "undertone-controls", "version": version, "source": "x.wav", "frames": frames, "controls": tracks}
    if version >= 2:
        tracks["harmony"]["values"][1] = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0] + [0] * 9 + [1, 0, 0]  # Am
        j |= {"key": "A minor", "chords": [{"start": 0.0, "end": 0.06, "label": "Am"}]}
    return j


class TestControlsReader(unittest.TestCase):
    def test_version_is_the_engines(self):
        with open(os.path.join(ROOT, "src", "engine", "controls", "json.ts")) as f:
            self.assertEqual(int(re.search(r"CONTROLS_VERSION = (\d+)", f.read()).group(1)), CONTROLS_VERSION)
        with open(os.path.join(ROOT, "src", "engine", "controls", "types.ts")) as f:
            dims = re.search(r"CONTROL_DIMS.*?=\s*\{([^}]*)\}", f.read()).group(1)
        self.assertEqual({k: int(v) for k, v in re.findall(r"(\w+): (\d+)", dims)}, CONTROL_DIMS)

    def test_reads_harmony_key_and_chords(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "c.json")
            with open(p, "w") as f:
                json.dump(controls_file(2), f)
            c = read_controls(p)
        values, mask = c["controls"]["harmony"]
        self.assertEqual(values.shape, (3, 24))
        # Am: tones A, C, E and the root one-hot at column 12 + 9
        self.assertEqual(list(np.flatnonzero(values[1])), [0, 4, 9, 21])
        self.assertTrue((mask == 1).all())
        self.assertEqual((c["key"], c["chords"][0]["label"]), ("A minor", "Am"))

    def test_version_1_harmony_is_free_and_stale_files_go(self):
        with tempfile.TemporaryDirectory() as d:
            old, new = os.path.join(d, "old.json"), os.path.join(d, "new.json")
            with open(old, "w") as f:
                json.dump(controls_file(1), f)
            with open(new, "w") as f:
                json.dump(controls_file(2), f)
            values, mask = read_controls(old)["controls"]["harmony"]
            self.assertEqual((values.shape, float(mask.sum())), ((3, 24), 0.0))
            self.assertEqual((controls_version(old), controls_version(new)), (1, 2))
            self.assertEqual(remove_stale(d), 1)
            self.assertEqual(os.listdir(d), ["new.json"])


if __name__ == "__main__":
    unittest.main()
