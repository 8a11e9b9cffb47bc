"""The prefill graph (training/music/export.py) on the tiny random model, in onnxruntime-node
(step_run.mjs): prefill over steps 0..S0-1, then single steps with its cache, gives the logits that
single steps from an empty cache give — fp32 to float rounding, int8 on the argmax."""
import os
import shutil
import tempfile
import unittest
import warnings

import numpy as np
import torch

from training.export.ort import ROOT
from training.music.controls import CONTROL_SPEC, ENSEMBLE_DIM, TIME_CONTROLS
from training.music.export import export_music, ort_teacher_forced
from training.music.pack import fixture_model

from .guidance import guidance_case

HAVE_ORT = shutil.which("node") and os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node"))


@unittest.skipUnless(HAVE_ORT, "node + onnxruntime-node needed")
class PrefillTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        warnings.simplefilter("ignore")
        cls.tmp = tempfile.mkdtemp()
        model, _ = fixture_model()
        cls.info = export_music(model, cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def inputs(self, B: int, S: int, T: int, Tv: int):
        rng = np.random.default_rng(7)
        torch.manual_seed(7)
        video = (rng.random((B, Tv, 17), np.float32), rng.random((B, Tv, 10), np.float32),
                 rng.random((B, Tv, 16, 7), np.float32), np.array([1, 0][:B], np.float32))
        ctrl = {c: (torch.rand(B, T, CONTROL_SPEC[c][0]), (torch.rand(B, T, CONTROL_SPEC[c][0]) > 0.3).float())
                for c in TIME_CONTROLS}
        ctrl["ensemble"] = (torch.rand(B, ENSEMBLE_DIM).round(), torch.ones(B, ENSEMBLE_DIM))
        tokens = rng.integers(0, 2049, (B, 4, S)).astype(np.int64)
        return video, tokens, ctrl

    def test_prefill_then_steps_equals_steps(self):
        # guidance batch, 120 steps over 2.4 s of video: the 2 s and 3 s windows change segment inside
        # the prefilled steps (S0 = 60 crosses none, 110 crosses the 2 s window's), T < S (rows clamp)
        video, tokens, ctrl = self.inputs(2, 120, 117, 24)
        paths = self.info["paths"]
        ref, _ = ort_teacher_forced(paths, "step", *video, tokens, ctrl)
        for S0 in (2, 60, 110):
            out, _ = ort_teacher_forced(paths, "step", *video, tokens, ctrl, prefill=("prefill", S0))
            want = ref[:, :, S0 - 1:]
            self.assertEqual(out.shape, want.shape)
            rel = float(np.abs(out - want).max() / np.abs(want).max())
            self.assertLess(rel, 1e-5, S0)
            out8, _ = ort_teacher_forced(paths, "step_int8", *video, tokens, ctrl, prefill=("prefill_int8", S0))
            agree = float((out8.argmax(-1) == want.argmax(-1)).mean())
            self.assertGreater(agree, 0.9, S0)
            print(f"\nprefill {S0} then steps vs steps: fp32 rel {rel:.1e}; int8 argmax agreement {agree:.3f}")

    def test_dynamic_batch(self):
        video, tokens, ctrl = self.inputs(1, 40, 40, 8)
        ref, _ = ort_teacher_forced(self.info["paths"], "step", *video, tokens, ctrl)
        out, _ = ort_teacher_forced(self.info["paths"], "step", *video, tokens, ctrl, prefill=("prefill", 30))
        self.assertLess(float(np.abs(out - ref[:, :, 29:]).max() / np.abs(ref).max()), 1e-5)


@unittest.skipUnless(HAVE_ORT, "node + onnxruntime-node needed")
class IntegratedInputsExportTest(unittest.TestCase):
    """model.integrate_inputs exported: the step takes the inputs' running sum as `integ` and returns
    it as `integ_out` (the prefill returns the state after its steps); chained as the engine will
    chain them, token by token, the graphs give the torch full forward's logits."""

    def test_steps_and_prefill_carry_the_state(self):
        warnings.simplefilter("ignore")
        model, _ = fixture_model(integrate=True)
        tmp = tempfile.mkdtemp()
        try:
            info = export_music(model, tmp, quantize=False)
            args, forward, _ = guidance_case(model, np.random.default_rng(5), 80)
            ref = forward()
            out, _ = ort_teacher_forced(info["paths"], "step", *args)
            self.assertLess(float(np.abs(out - ref).max() / np.abs(ref).max()), 1e-3)
            pre, _ = ort_teacher_forced(info["paths"], "step", *args, prefill=("prefill", 40))
            self.assertLess(float(np.abs(pre - out[:, :, 39:]).max() / np.abs(out).max()), 1e-5)
            # without the state a step reads otherwise: the graphs really take it
            with torch.no_grad():
                model.integ_gain.zero_()
            flat = forward()
            self.assertGreater(float(np.abs(flat - ref).max() / np.abs(ref).max()), 1e-2)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
