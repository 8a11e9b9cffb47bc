import json
import os
import random
import struct
import tempfile
import unittest

from training.data.composer import MAJOR_FAMILY, MINOR_FAMILY, MODES, VOICINGS, arc_value, chord_label, compose, draw_arc_spec, draw_spec
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


class TestArcs(unittest.TestCase):
    def test_arc_path_ramps_between_knots_and_jumps_at_steps(self):
        knots = [[0.0, -1.0, "ramp"], [10.0, 1.0, "ramp"], [20.0, -0.5, "step"]]
        self.assertAlmostEqual(arc_value(knots, 0.0), -1.0)
        self.assertAlmostEqual(arc_value(knots, 5.0), 0.0)
        self.assertAlmostEqual(arc_value(knots, 15.0), 1.0)  # held until the step
        self.assertAlmostEqual(arc_value(knots, 20.0), -0.5)
        self.assertAlmostEqual(arc_value(knots, 99.0), -0.5)

    def test_arc_piece_changes_mode_tempo_and_dynamics_with_its_paths(self):
        rng = random.Random(5)
        spec = draw_arc_spec(rng, 5, 60.0)
        self.assertIn(spec.modes[0], MAJOR_FAMILY)
        self.assertIn(spec.modes[1], MINOR_FAMILY)
        # paths swing within a 10 s clip: knots at most 14 s apart, spanning the piece
        for path in spec.arc.values():
            gaps = [b[0] - a[0] for a, b in zip(path, path[1:])]
            self.assertLessEqual(max(gaps), 14.0)
            self.assertGreaterEqual(path[-1][0], 60.0)
        with tempfile.TemporaryDirectory() as d:
            compose(spec, os.path.join(d, "a.mid"), os.path.join(d, "a.json"))
            with open(os.path.join(d, "a.json")) as f:
                score = json.load(f)
        starts = [c["start"] for c in score["chords"]]
        modes = [k["mode"] for k in score["keys"]]
        v = [arc_value(spec.arc["valence"], t) for t in starts]
        a = [arc_value(spec.arc["arousal"], t) for t in starts]
        # bars clearly positive are in the major mode, clearly negative in the minor one
        for vi, m in zip(v, modes):
            if vi > 0.1:
                self.assertEqual(m, spec.modes[0])
            if vi < -0.1:
                self.assertEqual(m, spec.modes[1])
        self.assertEqual(len(set(modes)), 2)
        # louder and faster when aroused: dynamics rise with arousal, bars shorten
        dyn = score["dynamics_per_bar"]
        hi = [i for i, x in enumerate(a) if x > 0.5]
        lo = [i for i, x in enumerate(a) if x < -0.5]
        self.assertTrue(hi and lo)
        bar = [c["end"] - c["start"] for c in score["chords"]]
        self.assertGreater(min(dyn[i] for i in hi), max(dyn[i] for i in lo))
        self.assertLess(sum(bar[i] for i in hi) / len(hi), sum(bar[i] for i in lo) / len(lo))

    def test_sectioned_pieces_have_no_arc(self):
        self.assertIsNone(draw_spec(random.Random(1), 1, 30.0).arc)
