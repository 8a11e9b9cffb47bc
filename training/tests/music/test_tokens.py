"""The token data set end to end on tiny data: six 2 s synthetic clips (training/data/synthetic.py) →
the real `undertone extract` → a tiny random codec's tokens (tokenize.py) → synthetic videos analysed by
the engine (scripts/synthetic-video.ts) → the pack → TokenClips batches, and two training steps on them."""
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

import numpy as np

from training.codec.builders import load_config
from training.data.synthetic import synthetic_clips
from training.music.controls import TIME_CONTROLS
from training.music.data import controls_from_json, video_from_analysis
from training.music.tokens import TokenClips, ensemble_of_score, read_index
from training.music.train import DATASETS, train
from training.scripts.build_music_data import build, video_path
from training.scripts.tokenize import RunEncoder
from training.tests.scripts.test_tokenize import tiny_codec

TINY = os.path.join(os.path.dirname(__file__), "..", "..", "configs", "music", "tiny.json")
SCORE = {"spec": {"programs": {"lead": 73, "pad": 48, "bass": 33}, "drums": True}}  # flute, strings, bass


def _json(path: str):
    with open(path) as f:
        return json.load(f)


def make_cache(d: str) -> str:
    """Synthetic clips laid out as prepare_data.py lays out real ones (clips/<split>/<id>.wav), one of
    them a composer piece with its score."""
    cache = os.path.join(d, "cache")
    with open(synthetic_clips(os.path.join(d, "gen"), seconds=2.0)) as f:
        rows = [json.loads(line) for line in f]
    for r in rows:
        dst = os.path.join(cache, "clips", r["split"], r["id"] + ".wav")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.move(r["path"], dst)
        r["path"] = dst
    rows[0].update(track="composer-piece_00000", source="composer")  # "sine440", train
    os.makedirs(os.path.join(cache, "tracks", "composer"))
    with open(os.path.join(cache, "tracks", "composer", "piece_00000.json"), "w") as f:
        json.dump(SCORE, f)
    with open(os.path.join(cache, "clips", "manifest.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return cache


class TokenDataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cache = make_cache(cls.tmp.name)
        cls.logs = []
        with mock.patch.dict(os.environ, {"QUIET": "1"}):
            build(cls.cache, "tiny", lambda: RunEncoder(tiny_codec()), log=cls.logs.append)
        cls.cfg = {"kind": "tokens", "cache_dir": cls.cache, "codec": "tiny", "seconds": 1.0, "valid_clips": 64}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_bundle_round_trip(self):
        # the token set packed for a GPU machine (music_bundle) trains on the same batches once unpacked
        from training.scripts.music_bundle import pack, unpack
        with tempfile.TemporaryDirectory() as d:
            r = pack(self.cache, "tiny", os.path.join(d, "b.npz"))
            self.assertEqual(r["frames"]["train"], sum(x["frames"] for x in read_index(os.path.join(self.cache, "music", "tiny", "train"))))
            unpack(r["out"], os.path.join(d, "cache"))
            a = DATASETS["tokens"](self.cfg, 0, "train").batch(3, np.random.default_rng(2))
            b = DATASETS["tokens"]({**self.cfg, "cache_dir": os.path.join(d, "cache")}, 0, "train").batch(3, np.random.default_rng(2))
            np.testing.assert_array_equal(a["codes"], b["codes"])
            for n in TIME_CONTROLS:
                np.testing.assert_array_equal(a["controls"][n][1], b["controls"][n][1])  # masks exact
                np.testing.assert_allclose(a["controls"][n][0], b["controls"][n][0], atol=0.06)  # fp16 of dB values to -100
            np.testing.assert_allclose(a["frame"], b["frame"], atol=2e-3)
            np.testing.assert_allclose(a["patch"], b["patch"], atol=4e-3)
            self.assertFalse(np.array_equal(a["patch"], b["patch"]))  # quantised, not copied: the test would see a no-op

    def test_batch_shapes_and_masks(self):
        data = DATASETS["tokens"](self.cfg, 0, "train")
        self.assertEqual(len(data), 2)
        b = data.batch(3, np.random.default_rng(1))
        self.assertEqual(tuple(b["codes"].shape), (3, 4, 50))
        self.assertTrue(0 <= int(b["codes"].min()) and int(b["codes"].max()) < 2048)
        self.assertEqual((tuple(b["frame"].shape), tuple(b["context"].shape), tuple(b["patch"].shape)),
                         ((3, 10, 17), (3, 10, 10), (3, 10, 16, 7)))
        dims = {n: tuple(b["controls"][n][0].shape) for n in TIME_CONTROLS}
        self.assertEqual(dims, {"rhythm": (3, 50, 1), "intensity": (3, 50, 1), "melody": (3, 50, 12),
                                "emotion": (3, 50, 2), "harmony": (3, 50, 24)})
        # extracted controls are instructions (mask 1) on every frame of every lane the file has
        self.assertEqual(float(b["controls"]["intensity"][1].min()), 1.0)
        self.assertEqual(float(b["controls"]["emotion"][1].min()), 1.0)

    def test_ensemble_known_for_the_composer_piece_only(self):
        rows = {r["id"]: r for r in read_index(os.path.join(self.cache, "music", "tiny", "train"))}
        self.assertEqual([i for i, x in enumerate(rows["sine440"]["ensemble"]) if x], [4, 6, 9])  # 33, 48, 73 ÷ 8
        self.assertEqual(rows["sine440"]["ensemble_mask"], [1.0] * 16)
        self.assertEqual(rows["chord"]["ensemble_mask"], [0.0] * 16)  # a recording: the model chooses
        self.assertEqual(rows["chord"]["ensemble"], [0.0] * 16)

    def test_crop_aligns_tokens_controls_and_video(self):
        data = TokenClips(self.cfg, 0, "train")
        i = [c["id"] for c in data.clips].index("chord")
        item = data.item(i, 25)  # 0.5 s in: token frames 25..74, video frames 5..14
        tokens = np.load(os.path.join(self.cache, "tokens", "tiny", "train.npy"))
        row = [r for r in read_index(os.path.join(self.cache, "music", "tiny", "train")) if r["id"] == "chord"][0]
        np.testing.assert_array_equal(item["codes"], tokens[:, row["offset"] + 25: row["offset"] + 75])
        c = controls_from_json(_json(os.path.join(self.cache, "controls", "train", "chord.json")))
        for n in TIME_CONTROLS:
            np.testing.assert_array_equal(item["controls"][n][0], c[n][0][25:75] * c[n][1][25:75])
            np.testing.assert_array_equal(item["controls"][n][1], c[n][1][25:75])
        v = video_from_analysis(_json(video_path(self.cache, "train", "chord")))
        np.testing.assert_array_equal(item["frame"], v["frame"][5:15])
        np.testing.assert_array_equal(item["patch"], v["patch"][5:15])
        with self.assertRaises(AssertionError):
            data.item(i, 27)  # not on a video frame

    def test_same_seed_same_batch(self):
        data = TokenClips(self.cfg, 0, "train")
        a, b = data.batch(4, np.random.default_rng([0, 1, 7, 0])), data.batch(4, np.random.default_rng([0, 1, 7, 0]))
        c = data.batch(4, np.random.default_rng([0, 1, 8, 0]))
        np.testing.assert_array_equal(a["codes"].numpy(), b["codes"].numpy())
        np.testing.assert_array_equal(a["frame"].numpy(), b["frame"].numpy())
        self.assertFalse(np.array_equal(a["codes"].numpy(), c["codes"].numpy()))

    def test_boost_draws_its_share_from_the_named_clips(self):
        plain = TokenClips(self.cfg, 0, "train")
        boosted = TokenClips({**self.cfg, "boost": {"id_prefix": "chord", "share": 1.0}}, 0, "train")
        self.assertEqual(plain.boost_groups, [])
        ids = lambda data, n: {data.clips[i]["id"] for i, _ in data.draw(n, np.random.default_rng(3))}
        self.assertEqual(ids(boosted, 6), {"chord"})
        self.assertGreater(len(ids(plain, 12)), 1)
        # a prefix nothing has: uniform as before
        self.assertEqual(TokenClips({**self.cfg, "boost": {"id_prefix": "zz", "share": 0.5}}, 0, "train").boost_groups, [])

    def test_boost_list_draws_each_group_its_share(self):
        ids = [c["id"] for c in TokenClips(self.cfg, 0, "train").clips]
        a, b = ids[0], ids[1]
        data = TokenClips({**self.cfg, "boost": [{"id_prefix": a, "share": 0.5}, {"id_prefix": b, "share": 0.5}]}, 0, "train")
        drawn = [data.clips[i]["id"] for i, _ in data.draw(400, np.random.default_rng(5))]
        self.assertEqual(set(drawn), {a, b})
        self.assertAlmostEqual(drawn.count(a) / 400, 0.5, delta=0.08)
        with self.assertRaises(AssertionError):
            TokenClips({**self.cfg, "boost": [{"id_prefix": a, "share": 0.7}, {"id_prefix": b, "share": 0.5}]}, 0, "train")

    def test_gain_copies_join_the_train_split(self):
        # gain_augment.py: a copy under a drawn gain automation, measured by the real engine and
        # encoded by the codec, appended to the codec's train split; valid and test are the codec's own
        from training.scripts.gain_augment import PREFIX, build as gain_build, gain_curve
        from training.scripts.tokenize import encode_clips
        with mock.patch.dict(os.environ, {"QUIET": "1"}):
            name = gain_build(self.cache, "tiny", lambda: RunEncoder(tiny_codec()), 1, seed=0, log=lambda m: None)
        self.assertEqual(name, "tiny-gain")
        orig = read_index(os.path.join(self.cache, "music", "tiny", "train"))
        rows = read_index(os.path.join(self.cache, "music", "tiny-gain", "train"))
        self.assertEqual(rows[:len(orig)], orig)
        self.assertEqual(len(rows), len(orig) + 1)
        copy = rows[-1]
        self.assertTrue(copy["id"].startswith(PREFIX))
        src = next(r for r in orig if r["id"] == copy["id"][len(PREFIX):])
        self.assertEqual((copy["frames"], copy["ensemble"]), (src["frames"], src["ensemble"]))
        # its tokens are the codec's codes of the copy's audio
        wav = os.path.join(self.cache, "gain", "tiny", "clips", copy["id"] + ".wav")
        codes, _ = encode_clips(RunEncoder(tiny_codec()), [{"id": copy["id"], "path": wav}])
        tokens = np.load(os.path.join(self.cache, "tokens", "tiny-gain", "train.npy"))
        np.testing.assert_array_equal(tokens[:, copy["offset"]:copy["offset"] + copy["frames"]], codes)
        # the engine hears the automation: intensity(copy) − intensity(original) follows the drawn curve
        i = orig.index(src)
        g = gain_curve(np.random.default_rng([0, i]), copy["frames"])
        data = TokenClips({**self.cfg, "codec": "tiny-gain"}, 0, "train")
        a = data.item([c["id"] for c in data.clips].index(copy["id"]), 0)["controls"]["intensity"][0][:, 0]
        b = data.item([c["id"] for c in data.clips].index(src["id"]), 0)["controls"]["intensity"][0][:, 0]
        d = (a - b)[10:-10] - g[10:len(a) - 10]
        self.assertGreater(float(np.ptp(g)), 3.0)
        self.assertLess(float(np.std(d)), 1.0)  # up to a constant (the copy scaled down if it would clip)
        # a batch can be all copies; the held-out splits are the original's
        boosted = TokenClips({**self.cfg, "codec": "tiny-gain", "boost": [{"id_prefix": PREFIX, "share": 1.0}]}, 0, "train")
        self.assertEqual({boosted.clips[j]["id"] for j, _ in boosted.draw(5, np.random.default_rng(1))}, {copy["id"]})
        self.assertEqual([c["id"] for c in TokenClips({**self.cfg, "codec": "tiny-gain"}, 0, "valid").clips],
                         [c["id"] for c in TokenClips(self.cfg, 0, "valid").clips])

    def test_valid_split_fixed_crops(self):
        data = TokenClips(self.cfg, 0, "valid")
        self.assertEqual([c["id"] for c in data.clips], ["clicks", "sweep"])
        v = data.all()
        self.assertEqual(tuple(v["codes"].shape), (2, 4, 50))
        np.testing.assert_array_equal(v["codes"].numpy(), data.all()["codes"].numpy())
        self.assertEqual(len(TokenClips({**self.cfg, "valid_clips": 1}, 0, "valid")), 1)

    def test_video_cuts_on_downbeats(self):
        for r in read_index(os.path.join(self.cache, "music", "tiny", "train")):
            j = _json(video_path(self.cache, "train", r["id"]))
            self.assertEqual(j["format"], "undertone-video-analysis")
            controls = _json(os.path.join(self.cache, "controls", "train", r["id"] + ".json"))
            downbeat_frames = {round(t * 10) for t in controls["downbeats"]}
            self.assertTrue(set(j["synthetic"]["cuts"]) <= downbeat_frames)  # planned on downbeats
            self.assertTrue({c["frame"] for c in j["cuts"]} <= downbeat_frames)  # and found only there

    def test_rebuild_skips_what_exists(self):
        logs = []
        with mock.patch.dict(os.environ, {"QUIET": "1"}):
            build(self.cache, "tiny", None, log=logs.append)
        self.assertFalse(any(m.startswith("videos:") for m in logs))
        self.assertIn("pack train: up to date", logs)

    def test_new_video_rebuilds_the_pack(self):
        path = video_path(self.cache, "valid", "clicks")
        before = TokenClips(self.cfg, 0, "valid").all()["frame"].numpy()
        j = _json(path)
        j["descriptors"]["frame"] = [[0.5] * 17 for _ in j["descriptors"]["frame"]]
        with open(path, "w") as f:  # a new modification time: the pack's stamp changes
            json.dump(j, f)
        logs = []
        build(self.cache, "tiny", None, log=logs.append)
        self.assertFalse(any(m.startswith("pack valid: up to date") for m in logs))
        after = TokenClips(self.cfg, 0, "valid").all()["frame"].numpy()
        np.testing.assert_array_equal(after[0], np.full((10, 17), 0.5, np.float32))
        np.testing.assert_array_equal(after[1], before[1])

    def test_new_controls_make_a_new_video(self):
        controls = os.path.join(self.cache, "controls", "test", "noise.json")
        video = video_path(self.cache, "test", "noise")
        os.utime(video, ns=(1, 1))  # older than its controls: made before they were extracted again
        logs = []
        build(self.cache, "tiny", None, log=logs.append)
        self.assertIn("videos: 1 to make", logs)
        self.assertGreater(os.stat(video).st_mtime_ns, os.stat(controls).st_mtime_ns)

    def test_trains_on_tokens(self):
        cfg = load_config(TINY)
        cfg["data"] = self.cfg
        cfg["run_dir"] = os.path.join(self.tmp.name, "run")
        r = train(cfg, max_steps=2, quiet=True)
        self.assertEqual([h["step"] for h in r["history"]], [1, 2])
        self.assertTrue(all(np.isfinite(h["loss"]) for h in r["history"]))


class EnsembleTest(unittest.TestCase):
    def test_families_of_a_composed_piece(self):
        import random
        from training.data.composer import draw_spec
        from dataclasses import asdict
        spec = asdict(draw_spec(random.Random(5), 5, 30.0))
        fam, mask = ensemble_of_score({"spec": spec})
        self.assertEqual({i for i, x in enumerate(fam) if x}, {p // 8 for p in spec["programs"].values()})
        self.assertEqual(mask, [1.0] * 16)


if __name__ == "__main__":
    unittest.main()
