import json
import os
import tempfile
import unittest
from unittest import mock

import numpy as np
import torch

from training.codec.builders import build_codec, load_config
from training.codec.dataset import load_manifest
from training.data.controls import control_frames, extract_batch
from training.data.synthetic import synthetic_clips
from training.data.wavio import read_wav
from training.export.onnx_export import export_codec
from training.scripts.tokenize import PackEncoder, RunEncoder, encode_clips, write_index

TINY = os.path.join(os.path.dirname(__file__), "..", "..", "configs", "codec", "tiny.json")


def tiny_codec():
    torch.manual_seed(0)
    model = build_codec(load_config(TINY))
    model.train()
    model(torch.randn(2, 1, 6400) * 0.1)  # seed the codebooks
    model.eval()
    return model


class TestTokenize(unittest.TestCase):
    def test_tokens_match_encoding_each_clip_alone_and_index_points_at_them(self):
        model = tiny_codec()
        with tempfile.TemporaryDirectory() as d:
            rows = load_manifest(synthetic_clips(os.path.join(d, "c"), seconds=1.0), "train")
            codes, lengths = encode_clips(RunEncoder(model), rows, batch=2)
            self.assertEqual(lengths, [50, 50])
            self.assertEqual(codes.shape, (4, 100))
            ctrl = os.path.join(d, "controls")
            os.makedirs(ctrl)
            open(os.path.join(ctrl, rows[1]["id"] + ".json"), "w").write('{"frames": 50}')
            write_index(os.path.join(d, "i.jsonl"), rows, lengths, ctrl)
            index = [json.loads(l) for l in open(os.path.join(d, "i.jsonl"))]
            alone = model.encode(torch.from_numpy(read_wav(rows[1]["path"])[0])[None, None])
        self.assertEqual([r["offset"] for r in index], [0, 50])
        self.assertIsNone(index[0]["controls"])
        self.assertTrue(index[1]["controls"].endswith(rows[1]["id"] + ".json"))
        # Batched and single encodes agree up to float near-ties in the (random, tiny) codebooks.
        self.assertGreater(float(np.mean(codes[:, 50:] == alone[0].numpy())), 0.9)

    def test_token_frames_equal_the_engines_control_frames_for_a_partial_last_frame(self):
        model = tiny_codec()
        with tempfile.TemporaryDirectory() as d:
            # 1.01 s = 32 320 samples = 50.5 frames of 640: the engine gives 51 control frames
            rows = load_manifest(synthetic_clips(os.path.join(d, "c"), seconds=1.01), "train")
            self.assertEqual([r["samples"] % 640 for r in rows], [320, 320])
            codes, lengths = encode_clips(RunEncoder(model), rows, batch=2)
            ctrl = os.path.join(d, "controls")
            with mock.patch.dict(os.environ, {"QUIET": "1"}):
                extract_batch(os.path.join(d, "c"), ctrl)  # the real `undertone extract`
            from_engine = [control_frames(os.path.join(ctrl, r["id"] + ".json")) for r in rows]
            self.assertEqual(from_engine, [51, 51])
            self.assertEqual(lengths, from_engine)
            self.assertEqual(codes.shape, (4, 102))
            self.assertEqual(write_index(os.path.join(d, "i.jsonl"), rows, lengths, ctrl), 102)
            # tokens made the old way (floor: 50 frames) no longer pass as matching their controls
            with self.assertRaisesRegex(ValueError, r"2 clips' tokens and controls disagree"):
                write_index(os.path.join(d, "j.jsonl"), rows, [50, 50], ctrl)
            self.assertFalse(os.path.exists(os.path.join(d, "j.jsonl")))

    def test_a_packs_onnx_encoder_gives_the_runs_tokens(self):
        model = tiny_codec()
        with tempfile.TemporaryDirectory() as d:
            rows = load_manifest(synthetic_clips(os.path.join(d, "c"), seconds=1.01), "valid")
            pack = os.path.join(d, "pack")
            os.makedirs(pack)
            export_codec(model, os.path.join(pack, "encoder.onnx"), os.path.join(pack, "decoder.onnx"))
            with open(os.path.join(pack, "manifest.json"), "w") as f:
                json.dump({"hop": 640, "codebooks": 4, "files": {"encoder": {"file": "encoder.onnx"}}}, f)
            run_codes, run_lengths = encode_clips(RunEncoder(model), rows, batch=1)
            pack_codes, pack_lengths = encode_clips(PackEncoder(pack), rows, batch=1)
        self.assertEqual(pack_lengths, [51, 51])
        self.assertEqual(pack_lengths, run_lengths)
        self.assertGreater(float(np.mean(pack_codes == run_codes)), 0.9)


if __name__ == "__main__":
    unittest.main()
