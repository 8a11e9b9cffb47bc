"""The pack writer (training/music/pack.py) on the tiny random model: the manifest it writes
validates here and in the engine (test/pack/manifest.test.ts reads the committed fixture), names
every graph's inputs/outputs, and the committed fixture's torch golden is what this model gives."""
import json
import os
import shutil
import tempfile
import unittest
import warnings

import numpy as np

from training.export.ort import ROOT
from training.music.pack import PackError, fixture_model, validate_pack, write_pack
from training.music.pack_golden import golden

FIXTURE = os.path.join(ROOT, "test", "fixtures", "music", "tiny-pack")


class PackTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore")
        cls.tmp = tempfile.mkdtemp()
        cls.model, cfg = fixture_model()
        cls.manifest = write_pack(cls.model, cls.tmp, "t", "codec-v2", cfg["model"]["context_seconds"])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_manifest(self):
        m = self.manifest
        self.assertEqual(m["tokens"], {"sample_rate": 32000, "frame_rate": 50, "codebooks": 4, "codebook_size": 2048,
                                       "special": 2048, "delays": [0, 1, 2, 3]})
        self.assertEqual([c["name"] for c in m["controls"]["time"]], ["rhythm", "intensity", "melody", "emotion", "harmony"])
        self.assertEqual(m["controls"]["time"][4]["dim"], 24)
        self.assertEqual(m["video"]["version"], 1)
        self.assertEqual(m["video"]["fps"], 10)
        self.assertEqual(m["sampling"], {"top_k": 250, "temperature": 1.0, "guidance_scale": 3.0})
        self.assertEqual(m["model"]["windows"], [None, None, 5.0, 3.0, 2.0])
        self.assertEqual(m["model"]["context_steps"], 200)
        L = m["model"]["layers"]
        step = m["graphs"]["step"]
        self.assertIn(f"past_key.{L - 1}", step["inputs"])
        self.assertEqual(step["inputs"]["tokens"], {"dtype": "int64", "dims": ["batch", 4]})
        self.assertEqual(step["outputs"]["logits"]["dims"][1:], [4, 2048])
        self.assertEqual(m["variants"], {"wasm": {"step": "step_int8", "prefill": "prefill_int8"},
                                         "webgpu": {"step": "step", "prefill": "prefill"}})
        prefill = m["graphs"]["prefill"]
        self.assertEqual(prefill["inputs"]["tokens"], {"dtype": "int64", "dims": ["batch", 4, "steps"]})
        self.assertEqual(prefill["inputs"][f"cross_key.{L - 1}"]["dims"], ["batch", 2, 4, "video_frames"])
        self.assertEqual(prefill["outputs"][f"present_key.{L - 1}"]["dims"], ["batch", 2, 4, "steps"])
        self.assertEqual(prefill["outputs"][f"present_value.{L - 1}"]["dims"], ["batch", 2, "steps", 4])
        self.assertEqual(prefill["outputs"]["logits"]["dims"], ["batch", 4, 2048])
        with open(os.path.join(self.tmp, "manifest.json")) as f:
            self.assertEqual(json.load(f), m)

    def test_refuses_a_corrupt_or_missing_file(self):
        path = os.path.join(self.tmp, "condition_encoder.onnx")
        with open(path, "rb") as f:
            data = bytearray(f.read())
        try:
            data[100] ^= 1
            with open(path, "wb") as f:
                f.write(data)
            with self.assertRaisesRegex(PackError, "condition_encoder.onnx does not match its sha256"):
                validate_pack(self.manifest, self.tmp)
        finally:
            data[100] ^= 1
            with open(path, "wb") as f:
                f.write(data)
        # the prefill graph is optional, but its graph and file come together
        without = json.loads(json.dumps(self.manifest))
        for d in (without["graphs"], without["files"], without["variants"]["wasm"], without["variants"]["webgpu"]):
            d.pop("prefill", None)
        without["files"].pop("prefill_int8")
        without["variants"]["wasm"].pop("prefill_int8", None)
        validate_pack(without, self.tmp)
        half = json.loads(json.dumps(self.manifest))
        del half["files"]["prefill"]
        with self.assertRaisesRegex(PackError, "graphs.prefill and files.prefill come together"):
            validate_pack(half, self.tmp)
        bad = json.loads(json.dumps(self.manifest))
        bad["files"]["step"]["file"] = "gone.onnx"
        with self.assertRaisesRegex(PackError, "gone.onnx \\(files.step\\) is missing"):
            validate_pack(bad, self.tmp)

    def test_committed_fixture(self):
        with open(os.path.join(FIXTURE, "manifest.json")) as f:
            committed_manifest = json.load(f)
        validate_pack(committed_manifest, FIXTURE)
        # the graphs' interface as export.py writes it today: a change there means the committed
        # pack is stale — re-export it (python -m training.music.pack --fixture ..., docs/pack-format.md)
        for key in ("graphs", "model", "tokens", "controls", "video", "variants"):
            self.assertEqual(committed_manifest[key], self.manifest[key], f"{key} changed: re-export the tiny pack")
        with open(os.path.join(FIXTURE, "golden.json")) as f:
            committed = json.load(f)
        fresh = golden(self.model, committed["inputs"])
        self.assertEqual(fresh["sequence"], committed["sequence"])
        for a, b in zip(fresh["steps"], committed["steps"]):
            for ra, rb in zip(a, b):
                for ka, kb in zip(ra, rb):
                    self.assertEqual(ka["argmax"], kb["argmax"])
                    np.testing.assert_allclose(ka["probes"] + [ka["max"], ka["lse"]], kb["probes"] + [kb["max"], kb["lse"]], rtol=1e-5, atol=1e-5)


if __name__ == "__main__":
    unittest.main()
