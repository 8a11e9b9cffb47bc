"""The spectral codec's fitted parts (session 14): SpectralEncoder, PredictiveRVQ, the decoder's
linear path, and fit_spectral_codec on synthetic clips."""
import os
import tempfile
import unittest

import numpy as np
import torch

from training.codec.builders import load_config
from training.codec.quantizer import PredictiveRVQ
from training.data.synthetic import synthetic_clips
from training.export.onnx_export import export_codec
from training.export.ort import ort_run
from training.codec.stft import exact_stft
from training.scripts.fit_spectral_codec import fit

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "..", "configs", "codec", "v3-spectral.json")


class PredictiveRVQTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.q = PredictiveRVQ(4, 64, 8, leak=0.8, taps=28).eval()
        for k, layer in enumerate(self.q.layers):  # finer stages, each with a "no change" code
            layer.embed.copy_(torch.randn(64, 8) * 0.6 * 0.4 ** k)
            layer.embed[0] = 0.0

    def test_decode_of_the_codes_is_the_encoders_own_reconstruction(self):
        z = torch.randn(2, 8, 60)
        codes, q, _ = self.q.residuals(z)
        self.assertTrue(torch.allclose(self.q.decode(codes), self.q.integrate(q), atol=1e-5))
        zhat, codes2, _ = self.q(z)
        self.assertTrue(torch.equal(codes, codes2))
        # the integration is the truncated filter leak^k, k < taps: a single innovation fades so
        one = torch.zeros(1, 8, 40)
        one[0, :, 5] = 1.0
        out = self.q.integrate(one)[0, 0]
        self.assertAlmostEqual(float(out[5 + 3]), 0.8 ** 3, places=6)
        self.assertEqual(float(out[5 + 28]), 0.0)

    def test_a_held_latent_is_refined_frame_after_frame(self):
        """What predictive coding buys: a sustained spectrum gets closer with every frame, where a
        quantiser without prediction repeats the same error."""
        z = (torch.randn(1, 8, 1) * 0.7).expand(1, 8, 30).contiguous()
        zhat = self.q(z)[0]
        err = (zhat - z).norm(dim=1)[0]
        plain = PredictiveRVQ(4, 64, 8, leak=0.0, taps=1).eval()
        for a, b in zip(plain.layers, self.q.layers):
            a.embed.copy_(b.embed)
        flat = (plain(z)[0] - z).norm(dim=1)[0]
        self.assertLess(float(err[10:].mean()), 0.5 * float(flat[10:].mean()))


class LayeredLoopTest(unittest.TestCase):
    """PredictiveRVQ(layered=True): codebook k's codes depend only on codebooks 0..k — what a
    delay-pattern model has written when it picks them."""

    def setUp(self):
        torch.manual_seed(1)
        self.q = PredictiveRVQ(4, 64, 8, leak=0.8, taps=28, layered=True).eval()
        for k, layer in enumerate(self.q.layers):
            layer.embed.copy_(torch.randn(64, 8) * 0.6 * 0.4 ** k)
            layer.embed[0] = 0.0

    def truncated(self, n: int, layered: bool = True) -> PredictiveRVQ:
        t = PredictiveRVQ(n, 64, 8, leak=0.8, taps=28, layered=layered).eval()
        for a, b in zip(t.layers, self.q.layers):
            a.embed.copy_(b.embed)
        return t

    def test_coarse_codes_do_not_depend_on_finer_codebooks(self):
        z = torch.randn(2, 8, 80)
        codes = self.q.encode(z)
        for n in (1, 2, 3):
            self.assertTrue(torch.equal(self.truncated(n).encode(z), codes[:, :n]))
        # the joint loop's coarse codes do depend on the finer ones (what the layered loop removes)
        joint = self.truncated(4, layered=False)
        self.assertFalse(torch.equal(self.truncated(1, layered=False).encode(z), joint.encode(z)[:, :1]))

    def test_layered_codes_decode_as_joint_ones_and_track_the_latent(self):
        z = torch.randn(1, 8, 1).expand(1, 8, 40).contiguous() * 0.7
        codes, q, _ = self.q.residuals(z)
        self.assertTrue(torch.allclose(self.q.decode(codes), self.q.integrate(q), atol=1e-5))
        err = (self.q(z)[0] - z).norm(dim=1)[0]
        self.assertLess(float(err[15:].mean()), 0.25 * float(z[0, :, 0].norm()))

    def test_onnx_loop_gives_torchs_codes(self):
        from training.export.onnx_export import closed_loop_layered
        z = torch.randn(2, 8, 37)
        tables = torch.stack([l.embed for l in self.q.layers])
        got = closed_loop_layered(z, tables, self.q.kernel[:-1])
        self.assertTrue(torch.equal(got, self.q.encode(z)))


class SearchMetricTest(unittest.TestCase):
    """PredictiveRVQ.residuals(z, root): codes chosen by ‖root·(r − e)‖ (Codec.search_root), the
    same codebooks, so the codes decode with the same tables."""

    def setUp(self):
        torch.manual_seed(2)
        self.q = PredictiveRVQ(4, 64, 8, leak=0.8, taps=28, layered=True).eval()
        for k, layer in enumerate(self.q.layers):
            layer.embed.copy_(torch.randn(64, 8) * 0.6 * 0.4 ** k)

    def test_identity_is_the_plain_search_and_a_metric_changes_the_codes_it_weights(self):
        z = torch.randn(2, 8, 50)
        self.assertTrue(torch.equal(self.q.encode(z, torch.eye(8)), self.q.encode(z)))
        root = torch.diag(torch.tensor([4.0] + [1.0] * 7))  # the first dimension counted 16 times
        codes, q, _ = self.q.residuals(z, root)
        self.assertFalse(torch.equal(codes, self.q.encode(z)))
        # the innovations come back in the latent space: decoding the codes gives the encoder's own
        self.assertTrue(torch.allclose(self.q.decode(codes), self.q.integrate(q), atol=1e-5))
        # and the weighted dimension is followed more closely, the others less
        plain = (self.q.decode(self.q.encode(z)) - z).pow(2).mean(dim=(0, 2))
        searched = (self.q.decode(codes) - z).pow(2).mean(dim=(0, 2))
        self.assertLess(float(searched[0]), float(plain[0]))

    def test_the_exported_loop_in_the_search_space_gives_torchs_codes(self):
        from training.export.onnx_export import closed_loop_layered
        z = torch.randn(2, 8, 37)
        a = torch.randn(8, 8)
        root = a @ a.t() / 8 + torch.eye(8)  # symmetric, positive
        tables = torch.stack([l.embed for l in self.q.layers]) @ root
        got = closed_loop_layered(torch.einsum("bdt,de->bet", z, root), tables, self.q.kernel[:-1])
        self.assertTrue(torch.equal(got, self.q.encode(z, root)))


class SpectralCodecFitTest(unittest.TestCase):
    def test_fit_gives_a_codec_whose_linear_decoder_tracks_the_audio_and_exports(self):
        torch.manual_seed(0)
        cfg = load_config(CONFIG)
        cfg["model"]["codebook_size"] = 64
        cfg["model"]["latent_dim"] = 16
        cfg["model"]["decoder"].update(dim=16, depth=1)
        cfg["data"].pop("notes", None)
        cfg["data"]["tones"] = 0.0
        with tempfile.TemporaryDirectory() as d:
            manifest = synthetic_clips(os.path.join(d, "clips"))
            model = fit(cfg, manifest, tokens=2048, iters=3, log=lambda m: None)
            from training.codec.losses import FrameLosses
            from training.codec.dataset import load_manifest, read_segment
            # a kind of audio it was fitted on (the synthetic valid clips are clicks and sweeps, which
            # a linear map fitted on tones cannot know; held-out music is judged by the ladder)
            row = [r for r in load_manifest(manifest, "train") if "chord" in r["path"]][0]
            x = torch.from_numpy(read_segment(row["path"], 0, 640 * 50))[None, None]
            x = x * (0.1 / x.pow(2).mean().sqrt())  # the token interface's level: −20 dBFS RMS
            with torch.no_grad():
                codes = model.encode(x)
                model.decoder.magnitudes(model.code_latents(codes))
                lm = model.decoder.last_logmag
                target = torch.log(FrameLosses(1280, 320).target(x) + 1e-5)[..., : lm.shape[-1]]
                # in the weighted band (60-2600 Hz: bins 3-104), against each bin's own mean level
                band = slice(3, 105)
                mean_only = (target - target.mean(2, keepdim=True))[:, band].abs().mean()
                self.assertLess(float((lm - target)[:, band].abs().mean()), 0.8 * float(mean_only))
                # the decoder graph integrates the innovations as torch does
                export_codec(model, os.path.join(d, "enc.onnx"), os.path.join(d, "dec.onnx"))
                mag = ort_run(os.path.join(d, "dec.onnx"), [{"codes": codes.numpy()}], "mag")[0][0]
                # the encoder's closed loop is an ONNX Loop: any length, the same codes as torch
                for frames in (50, 23):
                    w = x[..., : frames * 640]
                    with exact_stft():
                        ref_codes = model.encode(w).numpy()
                    got = ort_run(os.path.join(d, "enc.onnx"), [{"wav": w.numpy()}], "codes")[0][0]
                    self.assertEqual(got.shape, (1, 4, frames))
                    self.assertGreaterEqual(float((got == ref_codes).mean()), 0.99)
                ref = model.decoder.magnitudes(model.code_latents(codes)).numpy()
                self.assertLess(float(np.abs(mag - ref).max() / np.abs(ref).max()), 1e-4)
                # a search metric (config "search"): gain 1 is the plain search; a bass gain changes
                # some codes, and the exported encoder still gives torch's
                model.search = {"band": [30.0, 400.0], "gain": 1.0}
                self.assertTrue(torch.equal(model.encode(x), codes))
                model.search = {"band": [30.0, 400.0], "gain": 3.0}
                with exact_stft():
                    searched = model.encode(x)
                self.assertFalse(torch.equal(searched, codes))
                export_codec(model, os.path.join(d, "enc-s.onnx"), os.path.join(d, "dec-s.onnx"))
                got = ort_run(os.path.join(d, "enc-s.onnx"), [{"wav": x.numpy()}], "codes")[0][0]
                self.assertGreaterEqual(float((got == searched.numpy()).mean()), 0.99)


class RefitTest(unittest.TestCase):
    """A refit with another band and a bass boost (codec-v4, session 25), and transfer_decoder."""

    def test_boost_weights_its_bins_and_the_transferred_decoder_hears_the_old_latents(self):
        from training.codec.model import SpectralEncoder
        from training.scripts.transfer_decoder import latent_map, transfer
        enc = SpectralEncoder(hop=640, latent_dim=8, band=(30.0, 2600.0), outside=0.15, boost=(30.0, 400.0, 2.0))
        hz = torch.arange(enc.stft.bins) * 32000 / 1280
        self.assertTrue(torch.equal(enc.weight[(hz >= 30) & (hz <= 400)], torch.full_like(enc.weight[(hz >= 30) & (hz <= 400)], 2.0)))
        self.assertTrue(torch.all(enc.weight[(hz > 400) & (hz <= 2600)] == 1.0))
        self.assertTrue(torch.all(enc.weight[hz > 2600] == 0.15))
        torch.manual_seed(0)
        base = load_config(CONFIG)
        base["model"].update(codebook_size=64, latent_dim=16)
        base["model"]["decoder"].update(dim=16, depth=1)
        base["data"].pop("notes", None)
        base["data"]["tones"] = 0.0
        refit = {**base, "model": {**base["model"], "encoder": {**base["model"]["encoder"], "band": [30, 2600], "boost": [30, 400, 2]}}}
        with tempfile.TemporaryDirectory() as d:
            manifest = synthetic_clips(os.path.join(d, "clips"))
            old = fit(base, manifest, tokens=2048, iters=3, log=lambda m: None)
            with torch.no_grad():  # a decoder that is not the linear path alone
                for prm in old.decoder.parameters():
                    prm.add_(0.05 * torch.randn_like(prm))
            new = fit(refit, manifest, tokens=2048, iters=3, log=lambda m: None)
            from training.codec.dataset import load_manifest, read_segment
            row = [r for r in load_manifest(manifest, "train") if "chord" in r["path"]][0]
            x = torch.from_numpy(read_segment(row["path"], 0, 640 * 50))[None, None]
            x = x * (0.1 / x.pow(2).mean().sqrt())
            with torch.no_grad():
                z_old, z_new = old.encoder(x), new.encoder(x)
                a, c = latent_map(old, new)
                mapped = torch.einsum("dn,bnf->bdf", a, z_new) + c[None, :, None]
                # the map recovers the old latents from the new ones (both keep the clip's spectrum)
                # (measured 0.02; the new latents taken as the old ones: 0.67)
                self.assertLess(float((mapped - z_old).norm() / z_old.norm()), 0.1)
                refit_skip = new.decoder.skip_proj.clone()
                new.load_state_dict(transfer(old, new))
                # the transferred decoder's network reads the new latents as the old one read its own
                net = lambda m, z: m.decoder.inp(z)
                err = float((net(new, z_new) - net(old, z_old)).norm() / net(old, z_old).norm())
                self.assertLess(err, 0.1)
                # and the linear path is the refit's own (it carries what the new latents add)
                self.assertTrue(torch.equal(new.decoder.skip_proj, refit_skip))


if __name__ == "__main__":
    unittest.main()
