import json
import os
import tempfile
import unittest

import numpy as np
import torch

from training.codec.builders import build_codec, load_config
from training.codec.dataset import load_manifest
from training.data.synthetic import synthetic_clips
from training.data.wavio import read_wav
from training.scripts.tokenize import encode_clips, write_index

TINY = os.path.join(os.path.dirname(__file__), "..", "..", "configs", "codec", "tiny.json")


class TestTokenize(unittest.TestCase):
    def test_tokens_match_encoding_each_clip_alone_and_index_points_at_them(self):
        torch.manual_seed(0)
        model = build_codec(load_config(TINY))
        model.train()
        model(torch.randn(2, 1, 6400) * 0.1)  # seed the codebooks
        model.eval()
        with tempfile.TemporaryDirectory() as d:
            rows = load_manifest(synthetic_clips(os.path.join(d, "c"), seconds=1.0), "train")
            codes, lengths = encode_clips(model, rows, 640, batch=2)
            self.assertEqual(lengths, [50, 50])
            self.assertEqual(codes.shape, (4, 100))
            ctrl = os.path.join(d, "controls")
            os.makedirs(ctrl)
            open(os.path.join(ctrl, rows[1]["id"] + ".json"), "w").write("{}")
            write_index(os.path.join(d, "i.jsonl"), rows, lengths, ctrl)
            index = [json.loads(l) for l in open(os.path.join(d, "i.jsonl"))]
            alone = model.encode(torch.from_numpy(read_wav(rows[1]["path"])[0])[None, None])
        self.assertEqual([r["offset"] for r in index], [0, 50])
        self.assertIsNone(index[0]["controls"])
        self.assertTrue(index[1]["controls"].endswith(rows[1]["id"] + ".json"))
        # Batched and single encodes agree up to float near-ties in the (random, tiny) codebooks.
        self.assertGreater(float(np.mean(codes[:, 50:] == alone[0].numpy())), 0.9)


if __name__ == "__main__":
    unittest.main()
