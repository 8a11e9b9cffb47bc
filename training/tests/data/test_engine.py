import json
import os
import tempfile
import unittest
import wave

import numpy as np

from training.data.clips import normalise
from training.data.controls import extract_batch
from training.data.engine import INTENSITY_REFERENCE_DB, LEVELS, MELODY_GATE_DB, decode_batch
from training.data.wavio import decode_mono, read_wav, write_wav


def write_stereo_44k(path: str, left: np.ndarray, right: np.ndarray) -> None:
    pcm = (np.stack([left, right], axis=1) * 32767).round().astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(pcm.tobytes())


class TestEngine(unittest.TestCase):
    def test_levels_are_the_engines(self):
        self.assertEqual((INTENSITY_REFERENCE_DB, MELODY_GATE_DB), (-20, -60))
        self.assertEqual(set(k for k in LEVELS if not k.startswith("_")),
                         {"INTENSITY_REFERENCE_DB", "INTENSITY_LANE_RANGE", "SILENCE_DB", "MELODY_GATE_DB"})

    def test_decode_mono_is_the_engines_mixdown_and_resampler(self):
        t = np.arange(44100) / 44100
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "tone.wav")
            write_stereo_44k(src, 0.6 * np.sin(2 * np.pi * 440 * t), 0.2 * np.sin(2 * np.pi * 440 * t))
            x = decode_mono(src, 32000)
        self.assertEqual(len(x), 32000)  # ceil(44 100 · 32 000 / 44 100)
        self.assertEqual(x.dtype, np.float32)
        # the mean of the channels: amplitude 0.4, RMS 0.4 / √2 away from the edges
        self.assertAlmostEqual(float(np.sqrt(np.mean(x[1000:-1000] ** 2))), 0.4 / np.sqrt(2), places=4)

    def test_decode_batch_reports_each_file_and_skips_finished_outputs(self):
        with tempfile.TemporaryDirectory() as d:
            good, bad = os.path.join(d, "good.wav"), os.path.join(d, "bad.ogg")
            write_wav(good, np.full(3200, 0.1, np.float32))
            with open(bad, "wb") as f:
                f.write(b"OggS not really")
            jobs = [(good, os.path.join(d, "out", "good.wav")), (bad, os.path.join(d, "out", "bad.wav"))]
            first = decode_batch(jobs, 32000)
            again = decode_batch(jobs, 32000)
            x, sr = read_wav(jobs[0][1])
        self.assertEqual([first[o]["status"] for _, o in jobs], ["ok", "error"])
        self.assertIn("bad.ogg", first[jobs[1][1]]["error"])
        self.assertEqual([again[o]["status"] for _, o in jobs], ["skipped", "error"])
        self.assertEqual((len(x), sr), (3200, 32000))
        self.assertAlmostEqual(float(x.mean()), 0.1, delta=1 / 32768)

    def test_a_normalised_track_reads_the_intensity_reference_in_the_engine(self):
        t = np.arange(32000 * 4) / 32000
        x = normalise(0.01 * np.sin(2 * np.pi * 220 * t), 32000)
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "clips"))
            write_wav(os.path.join(d, "clips", "tone.wav"), x)
            extract_batch(os.path.join(d, "clips"), os.path.join(d, "controls"))
            with open(os.path.join(d, "controls", "tone.json")) as f:
                j = json.load(f)
        intensity = np.asarray(j["controls"]["intensity"]["values"])[25:-25, 0]
        self.assertAlmostEqual(float(intensity.mean()), INTENSITY_REFERENCE_DB, delta=0.1)

    def test_workers_share_a_folder_and_every_clip_gets_its_controls_once(self):
        x = 0.1 * np.sin(2 * np.pi * 220 * np.arange(3200) / 32000)
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "clips"))
            for name in ("a", "b", "c"):
                write_wav(os.path.join(d, "clips", name + ".wav"), x)
            extract_batch(os.path.join(d, "clips"), os.path.join(d, "controls"), workers=2)
            self.assertEqual(sorted(os.listdir(os.path.join(d, "controls"))), ["a.json", "b.json", "c.json"])


if __name__ == "__main__":
    unittest.main()
