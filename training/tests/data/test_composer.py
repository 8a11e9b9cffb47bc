import json
import os
import random
import struct
import tempfile
import unittest

from training.data.composer import MODES, VOICINGS, chord_label, compose, draw_spec
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

    def test_score_holds_its_chords_and_key_in_seconds(self):
        rng = random.Random(3)
        spec = draw_spec(rng, 3, 20.0)
        with tempfile.TemporaryDirectory() as d:
            mid, js = os.path.join(d, "p.mid"), os.path.join(d, "p.json")
            compose(spec, mid, js)
            with open(js) as f:
                score = json.load(f)
            midi = open(mid, "rb").read()
            voiced = {}
            for v in VOICINGS:
                compose(spec, os.path.join(d, v + ".mid"), os.path.join(d, v + ".json"), voicing=v)
                with open(os.path.join(d, v + ".json")) as f:
                    voiced[v] = json.load(f)["chords"]
            close_midi = open(os.path.join(d, "close.mid"), "rb").read()
        chords = score["chords"]
        self.assertEqual(len(chords), score["bars"])
        self.assertEqual(chords[0]["start"], 0.0)
        for a, b in zip(chords, chords[1:]):
            self.assertEqual(a["end"], b["start"])
        # a bar lasts meter beats at the piece's tempo (within its ramp or steps)
        for c in chords:
            beat = (c["end"] - c["start"]) / spec.meter
            self.assertTrue(60 / max(spec.bpm) - 1e-3 <= beat <= 60 / min(spec.bpm) + 1e-3)
        # every bar's triad is the progression's degree in the bar's mode, labelled as the engine does
        for c, k in zip(chords, score["keys"]):
            scale = [(k["tonic"] + s) % 12 for s in MODES[k["mode"]]]
            self.assertIn(c["label"], {chord_label([scale[(r + i) % 7] for i in (0, 2, 4)]) for r in range(7)})
        self.assertRegex(score["key"], r"^[A-G][b#]? (major|minor)$")
        # voicings change the notes, not the chords; the default is the training data's
        self.assertTrue(all(v == chords for v in voiced.values()))
        self.assertEqual(close_midi, midi)

    def test_chord_labels(self):
        self.assertEqual([chord_label(c) for c in ([0, 4, 7], [9, 0, 4], [11, 2, 5], [3, 7, 11], [6, 10, 1])],
                         ["C", "Am", "Bdim", "Ebaug", "F#"])

    def test_specs_vary_tempo_meter_and_mode(self):
        rng = random.Random(0)
        specs = [draw_spec(rng, i, 60.0) for i in range(60)]
        self.assertEqual({s.meter for s in specs}, {3, 4})
        self.assertEqual({s.tempo_kind for s in specs}, {"constant", "ramp", "steps"})
        self.assertGreaterEqual(len({m for s in specs for m in s.modes}), 5)
        self.assertTrue(any(len(set(s.modes)) > 1 for s in specs))  # some pieces change mode


if __name__ == "__main__":
    unittest.main()
