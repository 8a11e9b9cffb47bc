import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from training.codec.dataset import SegmentSampler
from training.data.engine import INTENSITY_REFERENCE_DB
from training.data.wavio import read_wav, write_wav
from training.scripts.render_notes import CLIP_SECONDS, FAMILY_RANGE, SOUNDFONTS, clip_events

HAVE_SYNTH = shutil.which("fluidsynth") is not None and shutil.which("sox") is not None and os.path.exists(SOUNDFONTS["fluid"])


class ClipEventsTest(unittest.TestCase):
    def test_events_fill_the_clip_inside_the_family_range(self):
        for program in (0, 20, 33, 56, 73):
            ev = clip_events(random.Random(program), program)
            self.assertGreater(len(ev), 4)
            lo, hi = FAMILY_RANGE[program // 8]
            for start, length, pitches, vel in ev:
                self.assertTrue(0 <= start < CLIP_SECONDS - 0.2)
                self.assertGreater(length, 0)
                self.assertTrue(1 <= vel <= 127)
                # the root is in the family's range; an interval above it may reach an octave past it
                self.assertTrue(lo <= min(pitches) and max(pitches) <= min(115, hi + 12), (program, pitches))
        # the same seed writes the same clip
        self.assertEqual(clip_events(random.Random(9), 40), clip_events(random.Random(9), 40))


@unittest.skipUnless(HAVE_SYNTH, "fluidsynth, sox or FluidR3_GM missing (training/setup.sh)")
class RenderNotesTest(unittest.TestCase):
    def test_one_bank_run_cut_into_clips_with_a_manifest(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, "-m", "training.scripts.render_notes", "--out", out, "--programs", "19-21",
                            "--clips-per-program", "2", "--soundfonts", "fluid"], check=True, capture_output=True)
            rows = [json.loads(line) for line in open(os.path.join(out, "manifest.jsonl"))]
            self.assertEqual([(r["program"], os.path.basename(r["path"])) for r in rows],
                             [(p, f"notes_{p:03d}_{k}.wav") for p in (19, 20, 21) for k in (0, 1)])
            # one clip in ten validates, by its index program · 2 + k: 19 · 2 + 1 = 39 is one
            self.assertEqual([r["split"] for r in rows], ["train", "valid", "train", "train", "train", "train"])
            for r in rows:
                x, sr = read_wav(r["path"])
                self.assertEqual((sr, len(x), r["samples"]), (32000, 320000, 320000))
                # every clip sounds, at the training level, and its own notes: clips differ
                active = x[np.abs(x) > 1e-4]
                self.assertGreater(len(active), 32000)
                self.assertGreater(20 * np.log10(np.sqrt(np.mean(x * x))), INTENSITY_REFERENCE_DB - 12)
            a, _ = read_wav(rows[0]["path"])
            b, _ = read_wav(rows[1]["path"])
            self.assertFalse(np.allclose(a, b))
            # a second run renders nothing new and writes the same manifest
            before = open(os.path.join(out, "manifest.jsonl")).read()
            r = subprocess.run([sys.executable, "-m", "training.scripts.render_notes", "--out", out, "--programs", "19-21",
                                "--clips-per-program", "2", "--soundfonts", "fluid"], check=True, capture_output=True, text=True)
            self.assertNotIn("rendering", r.stdout)
            self.assertEqual(open(os.path.join(out, "manifest.jsonl")).read(), before)

    def test_the_held_out_bank_is_refused(self):
        r = subprocess.run([sys.executable, "-m", "training.scripts.render_notes", "--soundfonts", "timgm"],
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("TimGM6mb is held out", r.stderr)


class NotesShareTest(unittest.TestCase):
    def test_the_sampler_draws_the_notes_share_from_the_notes(self):
        with tempfile.TemporaryDirectory() as d:
            music, notes = os.path.join(d, "m.wav"), os.path.join(d, "n.wav")
            write_wav(music, np.full(32000, 0.1, dtype=np.float32))
            write_wav(notes, np.full(32000, -0.1, dtype=np.float32))
            rows = [{"path": music, "samples": 32000, "split": "train"}]
            note_rows = [{"path": notes, "samples": 32000, "split": "train"}]
            batch = SegmentSampler(rows, 3200, 400, seed=3, notes=note_rows, notes_share=0.3).batch()
            share = float((batch.mean(dim=-1) < 0).float().mean())
            self.assertAlmostEqual(share, 0.3, delta=0.07)
            # without notes given, a share asks nothing
            only_music = SegmentSampler(rows, 3200, 50, seed=3, notes_share=0.3).batch()
            self.assertTrue(bool((only_music.mean(dim=-1) > 0).all()))


if __name__ == "__main__":
    unittest.main()
