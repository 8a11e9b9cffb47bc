"""The whole music pipeline on configs/music/tiny.json: stage 1 → stop → resume → stage 2 →
weights-only checkpoints → ONNX (encoders + KV-cache step + int8) → onnxruntime-node, token by
token, against the torch full forward."""
import json
import os
import shutil
import tempfile
import unittest
import warnings

import numpy as np
import torch

from training.codec.builders import load_config
from training.export.ort import ROOT
from training.music.data import collate, synthetic_clip
from training.music.export import export_music, ort_teacher_forced
from training.music.train import load_weights, swap_video, train

from .guidance import guidance_case

HAVE_ORT = shutil.which("node") and os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node"))


class PipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore")
        cls.tmp = tempfile.mkdtemp()
        cfg = load_config(os.path.join(ROOT, "training", "configs", "music", "tiny.json"))
        cfg["run_dir"] = os.path.join(cls.tmp, "run")
        cls.cfg = cfg
        cls.first = train(cfg, max_steps=10, quiet=True)      # stops inside stage 1
        cls.second = train(cfg, quiet=True)                   # resumes, finishes both stages

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_stops_and_resumes(self):
        self.assertFalse(self.first["finished"])
        self.assertEqual([r["step"] for r in self.first["history"]], list(range(1, 11)))
        self.assertTrue(self.second["finished"])
        s1 = [r["step"] for r in self.second["history"] if r["stage"] == 1]
        s2 = [r["step"] for r in self.second["history"] if r["stage"] == 2]
        self.assertEqual(s1, list(range(11, self.cfg["stages"]["1"]["steps"] + 1)))
        self.assertEqual(s2, list(range(1, self.cfg["stages"]["2"]["steps"] + 1)))
        for stage in (1, 2):
            self.assertTrue(os.path.exists(os.path.join(self.cfg["run_dir"], f"stage{stage}.pt")))

    def test_best_weights_follow_the_valid_nll_and_a_fresh_run_starts_from_them(self):
        best = torch.load(os.path.join(self.cfg["run_dir"], "best.pt"), map_location="cpu")
        valids = [r for r in self.second["history"] if r["stage"] == 2 and "valid" in r]
        self.assertEqual(best["stage"], 2)  # stage 2's own best, not stage 1's
        self.assertAlmostEqual(best["score"], min(float(np.mean(r["valid"])) for r in valids), places=5)
        self.assertIsNone(best["valid"])  # synthetic clips have no ids to sign
        self.assertTrue(all(v.dtype != torch.float32 for v in best["model"].values()))  # fp16: for git
        longer = dict(self.cfg["stages"], **{"2": dict(self.cfg["stages"]["2"], steps=best["step"] + 4)})
        cfg = dict(self.cfg, run_dir=os.path.join(self.tmp, "fresh"), stages=longer)  # a machine without last.pt
        r = train(cfg, max_steps=2, quiet=True, init_from=os.path.join(self.cfg["run_dir"], "best.pt"))
        self.assertEqual([(h["stage"], h["step"]) for h in r["history"]], [(2, best["step"] + 1), (2, best["step"] + 2)])
        # a continuation with new settings: the same weights, the stage's schedule from step 0
        cfg = dict(self.cfg, run_dir=os.path.join(self.tmp, "again"))
        r = train(cfg, max_steps=2, quiet=True, init_from=os.path.join(self.cfg["run_dir"], "best.pt"), restart_schedule=True)
        self.assertEqual([(h["stage"], h["step"]) for h in r["history"]], [(2, 1), (2, 2)])

    def test_a_run_on_new_tokens_transfers_all_but_the_token_embeddings_and_heads(self):
        # the source: stage 2's weights shifted by 0.5, so nothing in it equals a fresh model's
        ck = torch.load(os.path.join(self.cfg["run_dir"], "stage2.pt"), map_location="cpu")
        src = {k: v.float() + 0.5 if v.is_floating_point() else v for k, v in ck["model"].items()}
        path = os.path.join(self.tmp, "shifted.pt")
        torch.save(dict(ck, model=src), path)
        two = dict(self.cfg["stages"], **{"1": dict(self.cfg["stages"]["1"], steps=1), "2": dict(self.cfg["stages"]["2"], steps=1)})
        cfg = dict(self.cfg, run_dir=os.path.join(self.tmp, "transfer"), stages=two,
                   transfer={"from": path, "skip": ["emb.", "heads_out."]})
        near = lambda a, b: torch.allclose(a.float(), b.float(), atol=0.05)
        train(cfg, max_steps=1, quiet=True)  # one step of stage 1, at warmup's first, tiny lr
        first = torch.load(os.path.join(cfg["run_dir"], "stage1.pt"), map_location="cpu")["model"]
        for k, v in first.items():
            if not v.is_floating_point():
                continue
            # the token embeddings and heads start afresh (the codes mean other things); the rest is carried
            self.assertEqual(near(v, src[k]), not k.startswith(("emb.", "heads_out.")), k)
        train(cfg, quiet=True)  # stage 2: the control branch carried over, CGD's clone copied from this backbone
        second = torch.load(os.path.join(cfg["run_dir"], "stage2.pt"), map_location="cpu")["model"]
        joins = [k for k in second if k.startswith("conditions.") or ".cgd.l" in k]
        clone = [k for k in second if ".cgd.clone." in k]
        self.assertTrue(joins and clone)
        for k in joins:
            if second[k].is_floating_point() and "running_" not in k:  # batch-norm statistics move in training
                self.assertTrue(near(second[k], src[k]), k)
        for k in clone:
            self.assertTrue(near(second[k], first[k.replace("cgd.clone.", "layers.0.")]), k)

    def test_stage2_validates_with_and_without_lanes_and_video(self):
        valids = [r for r in self.second["history"] if r["stage"] == 2 and "valid" in r]
        self.assertTrue(valids)
        for r in valids:
            for k in ("valid", "valid_free", "valid_novideo"):
                self.assertEqual(len(r[k]), 4, k)
                self.assertTrue(all(0 < v < 10 for v in r[k]), k)

    def test_stage1_learns(self):
        h = self.first["history"] + [r for r in self.second["history"] if r["stage"] == 1]
        self.assertLess(np.mean([r["loss"] for r in h[-4:]]), np.mean([r["loss"] for r in h[:2]]) - 1.0)
        self.assertLess(np.mean(h[-1]["valid"]), np.log(2048) - 1.0)

    def test_stage2_moves_only_new_weights(self):
        m1, _ = load_weights(os.path.join(self.cfg["run_dir"], "stage1.pt"))
        m2, ck = load_weights(os.path.join(self.cfg["run_dir"], "stage2.pt"))
        self.assertEqual(ck["stage"], 2)
        s1, s2 = m1.state_dict(), m2.state_dict()
        for k, v in s1.items():
            self.assertTrue(torch.equal(v, s2[k]), k)  # backbone frozen
        self.assertGreater(float(m2.blocks[0].cgd.l2.weight.abs().max()), 0.0)  # left zero

    @unittest.skipUnless(HAVE_ORT, "node + onnxruntime-node needed")
    def test_onnx_step_with_cache_matches_torch(self):
        model, _ = load_weights(os.path.join(self.cfg["run_dir"], "stage2.pt"))
        info = export_music(model, os.path.join(self.tmp, "onnx"))
        self.assertEqual(info["layers"], 5)
        rng = np.random.default_rng(123)  # held-out: not the training pool's seed
        args, forward, seq = guidance_case(model, rng, 100)
        ref = forward()
        out, _ = ort_teacher_forced(info["paths"], "step", *args)
        rel = float(np.abs(out - ref).max() / np.abs(ref).max())
        self.assertLess(rel, 1e-3)
        out8, _ = ort_teacher_forced(info["paths"], "step_int8", *args)
        valid = model.pattern.valid(seq.shape[2]).numpy()
        agree = float((out8.argmax(-1) == ref.argmax(-1))[:, valid].mean())
        self.assertGreater(agree, 0.9)
        with open(os.path.join(self.tmp, "onnx", "graphs.json")) as f:
            self.assertEqual(json.load(f)["files"]["step_int8"], "step.int8.onnx")
        print(f"\nmusic tiny: ONNX step vs torch rel {rel:.1e}; int8 argmax agreement {agree:.3f}")
        # dynamic axes: another batch size, a clip that is not whole seconds (T padded to 50 for
        # DCF, Tv = 34 with the 2 s and 3 s windows cutting it), all conditioned
        b = collate([synthetic_clip(rng, 170)])
        seq = model.pattern.build(b["codes"])
        with torch.no_grad():
            ref = model(seq, b["frame"], b["context"], b["patch"], torch.ones(1), b["controls"]).numpy()
        out, _ = ort_teacher_forced(info["paths"], "step", b["frame"].numpy(), b["context"].numpy(), b["patch"].numpy(),
                                    np.ones(1, np.float32), model.pattern.shift_in(seq).numpy(), b["controls"])
        self.assertLess(float(np.abs(out - ref).max() / np.abs(ref).max()), 1e-3)


class SwapVideoTest(unittest.TestCase):
    """Stage 2's video swap: chosen rows take the next row's video, keeping their own music and lanes."""

    def batch(self):
        g = torch.Generator().manual_seed(0)
        return {"codes": torch.arange(4)[:, None, None].expand(4, 4, 6).clone(), "frame": torch.randn(4, 3, 5, generator=g),
                "context": torch.randn(4, 3, 2, generator=g), "patch": torch.randn(4, 3, 2, 2, 7, generator=g)}

    def test_swaps_whole_rows_or_nothing(self):
        b, before = self.batch(), self.batch()
        seed = next(k for k in range(100) if 0 < int((torch.rand(4, generator=torch.Generator().manual_seed(k)) < 0.5).sum()) < 4)
        chosen = [i for i, c in enumerate(torch.rand(4, generator=torch.Generator().manual_seed(seed)) < 0.5) if c]
        swap_video(b, 0.5, torch.Generator().manual_seed(seed))
        swapped = [i for i in range(4) if not torch.equal(b["frame"][i], before["frame"][i])]
        self.assertEqual(swapped, chosen)  # some rows, not all
        for i in range(4):
            for k in ("frame", "context", "patch"):
                want = before[k][(i - 1) % 4] if i in swapped else before[k][i]
                self.assertTrue(torch.equal(b[k][i], want), (i, k))
        self.assertTrue(torch.equal(b["codes"], before["codes"]))

    def test_p_zero_leaves_the_batch(self):
        b, before = self.batch(), self.batch()
        swap_video(b, 0.0, torch.Generator().manual_seed(3))
        for k in before:
            self.assertTrue(torch.equal(b[k], before[k]), k)


class ShipTest(unittest.TestCase):
    """ship_music_pack on a tiny trained run: a pack the engine offers (trained: true, what trained it),
    its loss curves and model card; a stage-1 checkpoint is refused."""

    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore")
        cls.tmp = tempfile.mkdtemp()
        cfg = load_config(os.path.join(ROOT, "training", "configs", "music", "tiny.json"))
        cfg["run_dir"] = os.path.join(cls.tmp, "run")
        train(cfg, quiet=True)
        cls.run_dir = cfg["run_dir"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_ships_a_trained_pack_with_its_card(self):
        from training.music.pack import validate_pack
        from training.scripts.ship_music_pack import ship
        out = os.path.join(self.tmp, "music-test")
        r = ship(os.path.join(self.run_dir, "stage2.pt"), out, self.run_dir, os.path.join(self.tmp, "no-cache"), run_eval=False, guidance=8.0)
        with open(os.path.join(out, "manifest.json")) as f:
            m = json.load(f)
        validate_pack(m, out)
        self.assertIs(m["trained"], True)
        self.assertEqual(m["sampling"], {"top_k": 250, "temperature": 1.0, "guidance_scale": 8.0})  # --guidance
        self.assertEqual((m["training"]["stage"], m["training"]["step"]), (2, load_config(os.path.join(ROOT, "training", "configs", "music", "tiny.json"))["stages"]["2"]["steps"]))
        self.assertTrue(r["curves"])
        self.assertGreater(os.path.getsize(os.path.join(out, "loss.png")), 5000)
        with open(os.path.join(out, "README.md")) as f:
            card = f.read()
        for part in ("## Training", "## Data", "## The video is synthetic", "## Metrics", "step.int8.onnx"):
            self.assertIn(part, card)
        self.assertEqual(r["bytes"], sum(x["bytes"] for x in m["files"].values()))

    def test_refuses_stage_one(self):
        from training.scripts.ship_music_pack import ship
        with self.assertRaises(SystemExit) as e:
            ship(os.path.join(self.run_dir, "stage1.pt"), os.path.join(self.tmp, "s1"), None, self.tmp, run_eval=False)
        self.assertIn("stage-1", str(e.exception))


if __name__ == "__main__":
    unittest.main()
