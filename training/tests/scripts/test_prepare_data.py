import json
import os
import tempfile
import unittest

import numpy as np

from training.data.engine import INTENSITY_REFERENCE_DB
from training.data.wavio import read_wav
from training.scripts import prepare_data
from training.tests.data.test_engine import write_stereo_44k


def clip_config(cache: str, test: float = 0.0) -> dict:
    """prepare_data's config for a test: 10 s clips of 32 kHz, everything in train unless `test` says."""
    return {"cache_dir": cache, "sample_rate": 32000, "clip_seconds": 10.0, "min_clip_seconds": 4.0,
            "min_track_seconds": 20.0, "split": {"valid": 0.0, "test": test, "seed": 1}}


class TestPrepareData(unittest.TestCase):
    def test_a_chunk_is_decoded_by_the_engine_normalised_cut_and_resumable(self):
        with tempfile.TemporaryDirectory() as d:
            prepare_data.CFG = clip_config(d)
            t = np.arange(44100 * 25) / 44100
            tone = 0.05 * np.sin(2 * np.pi * 330 * t)
            write_stereo_44k(os.path.join(d, "tone.wav"), tone, tone)
            with open(os.path.join(d, "broken.ogg"), "wb") as f:
                f.write(b"OggS and nothing else")
            tracks = [{"track": name, "path": os.path.join(d, name), "source": "audio", "package": "test"}
                      for name in ("tone.wav", "broken.ogg")]
            good, bad = prepare_data.process_chunk(tracks)
            self.assertEqual(good["decoded_by"], "undertone decode")
            self.assertEqual(good["seconds"], 25.0)
            self.assertEqual([c["samples"] for c in good["clips"]], [320000, 320000, 160000])
            clip = read_wav(good["clips"][0]["path"])[0]
            self.assertAlmostEqual(20 * np.log10(np.sqrt(np.mean(clip ** 2))), INTENSITY_REFERENCE_DB, delta=0.05)
            self.assertIn("broken.ogg", bad["error"])
            self.assertEqual(os.listdir(os.path.join(d, "decoded")), [])  # decoded audio removed once cut
            self.assertEqual(sorted(os.listdir(os.path.join(d, "clips", "_done"))), ["tone.wav.json"])
            # a rerun keeps the finished track and tries the broken one again
            good2, bad2 = prepare_data.process_chunk(tracks)
            self.assertEqual(good2, good)
            self.assertIn("broken.ogg", bad2["error"])

    def test_a_track_cut_from_ffmpeg_decoded_audio_is_cut_again_and_its_old_clips_and_controls_go(self):
        with tempfile.TemporaryDirectory() as d:
            prepare_data.CFG = clip_config(d)
            t = np.arange(44100 * 21) / 44100
            write_stereo_44k(os.path.join(d, "tone.wav"), 0.1 * np.sin(2 * np.pi * 330 * t), 0.1 * np.sin(2 * np.pi * 330 * t))
            track = {"track": "tone", "path": os.path.join(d, "tone.wav"), "source": "audio", "package": "test"}
            old_clip = os.path.join(d, "clips", "train", "tone-0007.wav")
            controls = os.path.join(d, "controls", "train")
            for p in (old_clip, os.path.join(controls, "tone-0007.json"), os.path.join(controls, ".done"),
                      os.path.join(controls, "other-0000.json")):
                os.makedirs(os.path.dirname(p), exist_ok=True)
                open(p, "w").close()
            os.makedirs(os.path.join(d, "clips", "_done"))
            with open(os.path.join(d, "clips", "_done", "tone.json"), "w") as f:  # written by the ffmpeg path
                json.dump({**track, "seconds": 21.0, "split": "train", "clips": [
                    {"id": "tone-0007", "path": old_clip, "split": "train", "samples": 320000}]}, f)
            (rec,) = prepare_data.process_chunk([track])
            self.assertEqual(rec["decoded_by"], "undertone decode")
            self.assertEqual([c["id"] for c in rec["clips"]], ["tone-0000", "tone-0001"])
            self.assertFalse(os.path.exists(old_clip))
            self.assertEqual(os.listdir(controls), ["other-0000.json"])  # extract_controls will fill in the rest

    def test_sources_limit_the_tracks_to_the_named_packages_and_the_composer(self):
        with tempfile.TemporaryDirectory() as d:
            for p in ("pkgs/game-music/.done", "pkgs/game-music/music/theme.ogg", "pkgs/other-music/.done",
                      "pkgs/other-music/music/intro.ogg", "tracks/composer/piece_00000.wav"):
                os.makedirs(os.path.dirname(os.path.join(d, p)), exist_ok=True)
                open(os.path.join(d, p), "w").close()
            cfg = {"cache_dir": d, "audio_packages": [{"package": "game-music"}, {"package": "other-music"}],
                   "midi_packages": [], "audio_extensions": [".ogg"]}
            self.assertEqual(prepare_data.source_names(cfg), ["game-music", "other-music", "composer"])
            every = prepare_data.collect(cfg)
            self.assertEqual(sorted(t["member"] for t in every), ["music/intro.ogg", "music/theme.ogg", "piece_00000"])
            some = prepare_data.collect(cfg, ["composer", "game-music"])
            self.assertEqual(sorted((t["package"], t["member"]) for t in some),
                             [("game-music", "music/theme.ogg"), ("undertone composer + fluid-soundfont-gm", "piece_00000")])
            with self.assertRaises(SystemExit):  # a misspelt source must not silently build a smaller set
                prepare_data.collect(cfg, ["composr"])

    def test_emotion_arc_pieces_go_to_train_whatever_their_hash(self):
        with tempfile.TemporaryDirectory() as d:
            # every track would be held out by its hash (test share 1.0), but an arc piece only trains
            prepare_data.CFG = clip_config(d, test=1.0)
            t = np.arange(44100 * 21) / 44100
            tone = 0.05 * np.sin(2 * np.pi * 330 * t)
            os.makedirs(os.path.join(d, "tracks", "composer"))
            for name in ("piece_00000", "arc_00000"):
                write_stereo_44k(os.path.join(d, "tracks", "composer", name + ".wav"), tone, tone)
            tracks = prepare_data.collect({"cache_dir": d, "audio_packages": [], "midi_packages": []})
            self.assertEqual({t["member"]: t.get("train_only", False) for t in tracks},
                             {"piece_00000": False, "arc_00000": True})
            recs = prepare_data.process_chunk(tracks)
            self.assertEqual({r["member"]: r["split"] for r in recs}, {"piece_00000": "test", "arc_00000": "train"})


if __name__ == "__main__":
    unittest.main()
