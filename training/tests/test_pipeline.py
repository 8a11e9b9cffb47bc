"""The whole pipeline on a tiny config (CI, about a minute): synthetic clips → a few codec steps
(spectral, then adversarial) → resume → ONNX export → onnxruntime-node check → int8 → pack."""
import json
import os
import tempfile
import unittest

import numpy as np
import torch

from training.codec.builders import load_codec, load_config
from training.codec.train import train
from training.data.synthetic import synthetic_clips
from training.export.onnx_export import export_codec, synthesis_spec
from training.export.pack import write_manifest
from training.export.quantize import quantize_matmuls
from training.scripts.export_codec import check_pack

HERE = os.path.dirname(os.path.abspath(__file__))
TINY = os.path.join(HERE, "..", "configs", "codec", "tiny.json")


class TestPipeline(unittest.TestCase):
    def test_tiny_pipeline_end_to_end(self):
        torch.manual_seed(0)
        with tempfile.TemporaryDirectory() as d:
            cfg = load_config(TINY)
            cfg["data"]["manifest"] = synthetic_clips(os.path.join(d, "clips"))
            cfg["run_dir"] = os.path.join(d, "run")
            out = train(cfg, max_steps=3, quiet=True)
            self.assertEqual(out["step"], 3)
            out = train(cfg, max_steps=5, quiet=True)  # resumes from last.pt
            self.assertEqual(out["step"], 5)
            log = [json.loads(l) for l in open(os.path.join(cfg["run_dir"], "log.jsonl"))]
            self.assertTrue(any("adv" in r for r in log), "adversarial phase never ran")
            self.assertTrue(all(np.isfinite(r["loss"]) for r in log if "loss" in r))
            self.assertTrue(all("comp" in r and "phase_advance" in r for r in log if "loss" in r))

            model, cfg2 = load_codec(cfg["run_dir"], "last")
            pack = os.path.join(d, "pack")
            os.makedirs(pack)
            export_codec(model, os.path.join(pack, "encoder.onnx"), os.path.join(pack, "decoder.onnx"))
            quantize_matmuls(os.path.join(pack, "decoder.onnx"), os.path.join(pack, "decoder.int8.onnx"),
                             min_elements=256)
            wav = torch.from_numpy(np.sin(np.arange(640 * 25) * 0.07).astype(np.float32) * 0.3)[None, None]
            checks = check_pack(model, pack, wav, decode_frames=50)
            self.assertLessEqual(checks["decoder_rel_max_error_fp32"], 1e-4)
            self.assertGreater(checks["encoder_code_agreement"], 0.9)
            # A 5-step tiny decoder feeds near-random logits to exp(): int8 blurs its peak sample by
            # 0.2-0.3 of full scale. The shipped pack's bar is log-mel within 5 % (export_codec).
            self.assertLess(checks["decoder_rel_max_error_int8"], 0.35)
            m = write_manifest(pack, cfg2, {"steps": 5}, checks, synthesis=synthesis_spec(model), context_frames=4)
            # v2's decoder: the graph writes STFT frames, the engine sums the phase and inverts
            self.assertEqual(m["synthesis"], {"kind": "istft", "n_fft": 1280, "stft_hop": 320, "frame_origin": "centre"})
            self.assertEqual(set(m["io"]["decoder"]["outputs"]) - {"dtype"}, {"mag", "dphase"})
            self.assertEqual((m["sample_rate"], m["hop"], m["codebooks"], m["codebook_size"]), (32000, 640, 4, 2048))
            self.assertEqual(m["frame_rate"], 50.0)
            self.assertEqual(set(m["files"]), {"encoder", "decoder", "decoder_int8"})

            # A magnitude-only decoder started from that run (configs/codec/v2-mag.json at tiny
            # size): encoder and quantiser frozen, so the tokens do not change; the head keeps the
            # old head's magnitude rows; the graph writes mag only and the engine derives the phase.
            mcfg = json.loads(json.dumps(cfg))
            mcfg["model"]["decoder"]["phase"] = "magnitude"
            mcfg["freeze"] = ["encoder", "quantizer"]
            mcfg["loss"].update(frame_mag=1.0, frame_comp=1.0, frame_mel=1.0)
            mcfg["run_dir"] = os.path.join(d, "run-mag")
            mcfg["ema"] = 0.9  # weight averaging: validation and best.pt use the average
            # the adversarial term on the head's log magnitudes (discriminators.MagnitudeDisc)
            mcfg["mag_disc"] = {"bands": [[64, 1], [640, 4]], "channels": 4}
            mcfg["adv_start_step"] = 0
            before, _ = load_codec(cfg["run_dir"], "last")
            out = train(mcfg, max_steps=8, quiet=True, init_from=os.path.join(cfg["run_dir"], "last.pt"))
            self.assertEqual(out["step"], 8)
            log = [json.loads(l) for l in open(os.path.join(mcfg["run_dir"], "log.jsonl"))]
            self.assertTrue(all({"frame_mag", "comp", "mel", "disc", "adv", "feat"} <= set(r) for r in log if "loss" in r))
            # the two magnitude discriminators were trained and saved (the waveform set has three)
            self.assertEqual({k.split(".")[1] for k in torch.load(os.path.join(mcfg["run_dir"], "last.pt"))["disc"]}, {"0", "1"})
            mag_model, mcfg2 = load_codec(mcfg["run_dir"], "last")
            with torch.no_grad():
                self.assertTrue(torch.equal(mag_model.encode(wav), before.encode(wav)), "frozen encoder's codes changed")
                bins = mag_model.decoder.bins
                old_head = before.decoder.head.weight[:bins]  # sub-frame 0's magnitude rows
                self.assertEqual(tuple(mag_model.decoder.head.weight.shape), (2 * bins, 32))
            self.assertFalse(torch.equal(mag_model.decoder.head.weight[:bins], old_head), "decoder did not train")
            ck = torch.load(os.path.join(mcfg["run_dir"], "last.pt"))
            trained = {n for n, p in mag_model.named_parameters() if not n.startswith(("encoder.", "quantizer."))}
            self.assertEqual(set(ck["ema"]), trained)  # the frozen encoder and quantiser are not averaged
            # the average trails the weights: between where they started and where they are
            start, now, avg = old_head, mag_model.decoder.head.weight[:bins], ck["ema"]["decoder.head.weight"][:bins]
            self.assertLess((avg - start).norm(), (now - start).norm())
            self.assertGreater((avg - start).norm(), 0)
            mpack = os.path.join(d, "pack-mag")
            os.makedirs(mpack)
            export_codec(mag_model, os.path.join(mpack, "encoder.onnx"), os.path.join(mpack, "decoder.onnx"))
            checks = check_pack(mag_model, mpack, wav, decode_frames=50)
            self.assertLessEqual(checks["decoder_rel_max_error_fp32"], 1e-3)
            m = write_manifest(mpack, mcfg2, {"steps": 8}, checks, synthesis=synthesis_spec(mag_model), context_frames=4)
            self.assertEqual(m["synthesis"], {"kind": "istft", "n_fft": 1280, "stft_hop": 320, "phase": "peaks"})
            self.assertEqual(set(m["io"]["decoder"]["outputs"]) - {"dtype"}, {"mag"})


if __name__ == "__main__":
    unittest.main()
