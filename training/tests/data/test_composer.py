import json
import os
import random
import struct
import tempfile
import unittest

from training.data.composer import MODES, compose, draw_spec
from training.data.midi import Track, _varlen


class TestMidi(unittest.TestCase):
    def test_varlen_matches_smf_examples(self):
        # Examples from the Standard MIDI File spec.
        self.assertEqual(_varlen(0), b"\x00")
        self.assertEqual(_varlen(0x7F), b"\x7f")
        self.assertEqual(_varlen(0x80), b"\x81\x00")
        self.assertEqual(_varlen(0x0FFFFFFF), b"\xff\xff\xff\x7f")

    def test_note_off_sorts_before_note_on_at_same_tick(self):
        t = Track()
        t.note(0, 100, 0, 60, 90)
        t.note(100, 100, 0, 60, 90)
        body = t.encode()[8:]
        # delta 0 on, delta 100 (0x64) off, delta 0 on ...
        self.assertEqual(body[:8], b"\x00\x90\x3c\x5a\x64\x80\x3c\x00")


class TestComposer(unittest.TestCase):
    def test_piece_follows_its_spec(self):
        rng = random.Random(3)
        spec = draw_spec(rng, 3, 20.0)
        with tempfile.TemporaryDirectory() as d:
            mid, js = os.path.join(d, "p.mid"), os.path.join(d, "p.json")
            compose(spec, mid, js)
            data = open(mid, "rb").read()
            self.assertEqual(data[:4], b"MThd")
            self.assertEqual(struct.unpack(">H", data[10:12])[0], 4 + int(spec.drums))
            with open(js) as f:
                score = json.load(f)
        # The melody's pitch classes all belong to the mode of their bar.
        ticks_per_bar = spec.meter * score["ticks_per_beat"]
        for n in score["pitch_class_line"]:
            bar = n["tick"] // ticks_per_bar
            key = score["keys"][bar]
            scale = {(key["tonic"] + s) % 12 for s in MODES[key["mode"]]}
            self.assertIn(n["pc"], scale)
        self.assertEqual(len(score["dynamics_per_bar"]), score["bars"])

    def test_specs_vary_tempo_meter_and_mode(self):
        rng = random.Random(0)
        specs = [draw_spec(rng, i, 60.0) for i in range(60)]
        self.assertEqual({s.meter for s in specs}, {3, 4})
        self.assertEqual({s.tempo_kind for s in specs}, {"constant", "ramp", "steps"})
        self.assertGreaterEqual(len({m for s in specs for m in s.modes}), 5)
        self.assertTrue(any(len(set(s.modes)) > 1 for s in specs))  # some pieces change mode


if __name__ == "__main__":
    unittest.main()
