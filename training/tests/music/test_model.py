import unittest

import numpy as np
import torch

from training.music.data import collate, synthetic_clip
from training.music.model import MusicModel

TINY = dict(dim=32, heads=4, ffn_mult=2, blocks=2, video_dim=16, video_heads=2, video_layers=1)


def batch(frames=60, n=2, seed=0):
    rng = np.random.default_rng(seed)
    return collate([synthetic_clip(rng, frames) for _ in range(n)])


class ModelTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        torch.set_num_threads(1)
        self.model = MusicModel(TINY).eval()
        self.b = batch()
        self.seq = self.model.pattern.build(self.b["codes"])
        self.vm = torch.tensor([1.0, 0.0])

    def full(self, controls=None, seq=None):
        b = self.b
        with torch.no_grad():
            return self.model(self.seq if seq is None else seq, b["frame"], b["context"], b["patch"], self.vm, controls)

    def test_logits_shape(self):
        self.assertEqual(tuple(self.full().shape), (2, 4, 63, 2048))

    def test_stage2_starts_at_stage1(self):
        before = self.full()
        self.model.add_controls()
        self.model.eval()
        after = self.full(self.b["controls"])
        self.assertEqual(float((after - before).abs().max()), 0.0)  # zero-initialised L1, L2 (eq. 10)

    def test_stage2_trains_only_new_modules(self):
        self.model.add_controls()
        names = {n.split(".")[0] if not n.startswith("blocks") else ".".join(n.split(".")[:3])
                 for n, p in self.model.named_parameters() if p.requires_grad}
        self.assertEqual(names, {"conditions", "blocks.0.cgd", "blocks.1.cgd"})

    def test_step_by_step_with_cache_matches_full(self):
        self.model.add_controls()
        for p in self.model.parameters():  # move CGD off zero so the clone's path counts
            if p.requires_grad and p.dim() > 1:
                torch.nn.init.normal_(p, std=0.1)
        self.model.eval()
        full = self.full(self.b["controls"])
        m, b = self.model, self.b
        with torch.no_grad():
            prefix, memory = m.video(b["frame"], b["context"], b["patch"], self.vm)
            cross = m.cross_kv(memory)
            S = self.seq.shape[2]
            control = m.control_rows(b["controls"], S)
            inp = m.pattern.shift_in(self.seq)
            cache, steps = m.empty_cache(2), []
            for s in range(S):
                lg, new = m.decode(inp[:, :, s:s + 1], prefix if s == 0 else torch.zeros_like(prefix),
                                   torch.tensor([s]), control[:, s:s + 1], cross, cache)
                cache = m.append(cache, new)
                steps.append(lg)
        rel = float((torch.cat(steps, 2) - full).abs().max() / full.abs().max())
        self.assertLess(rel, 1e-5)
        self.assertEqual(tuple(cache[0][0].shape), (2, 4, 8, S))  # keys (B, H, dh, P)
        self.assertEqual(tuple(cache[0][1].shape), (2, 4, S, 8))
        self.assertEqual(len(cache), 2 * 5)  # 4 layers + 1 CGD clone per block

    def test_causal(self):
        later = self.seq.clone()
        later[:, :, 40:] = (later[:, :, 40:] + 1) % 2048
        a, b = self.full(), self.full(seq=later)
        self.assertEqual(float((a[:, :, :41] - b[:, :, :41]).abs().max()), 0.0)  # position s reads steps < s
        self.assertGreater(float((a[:, :, 41:] - b[:, :, 41:]).abs().max()), 0.0)

    def test_loss_ignores_special_slots(self):
        logits = self.full()
        loss, per = self.model.loss(logits, self.seq)
        self.assertEqual(len(per), 4)
        self.assertAlmostEqual(float(loss), float(np.mean(per)), places=5)
        self.assertAlmostEqual(per[0], float(np.log(2048)), delta=1.0)  # untrained: near uniform


if __name__ == "__main__":
    unittest.main()


class IntegratedInputsTest(unittest.TestCase):
    """model.integrate_inputs: each position's input adds gain ⊙ Σ_{1≤j<taps} leak^j · the summed
    embeddings j positions back (predictive codes integrated, as codec-v3's decoder does)."""

    def test_inputs_are_the_leaky_sum_of_earlier_embeddings_and_stay_causal(self):
        torch.manual_seed(0)
        m = MusicModel(dict(TINY, integrate_inputs={"leak": 0.8, "taps": 6})).eval()
        seq = m.pattern.build(batch()["codes"])
        tokens = m.pattern.shift_in(seq)
        seen = {}
        handle = m.blocks[0].layers[0].register_forward_pre_hook(lambda mod, args: seen.update(x=args[0].clone()))
        b = batch()
        with torch.no_grad():
            m(seq, b["frame"], b["context"], b["patch"], torch.tensor([1.0, 0.0]))
        handle.remove()
        e = sum(m.emb[k](tokens[:, k]) for k in range(4)).detach()
        s = 30
        want = e[:, s] + sum(0.8 ** j * e[:, s - j] for j in range(1, 6))
        # the block's input also holds the position's sinusoid (and the prefix at step 0)
        from training.music.layers import sinusoid
        got = seen["x"][:, s] - sinusoid(torch.tensor([s]), m.dim)[0]
        self.assertLess(float((got - want).abs().max()), 1e-5)

    def test_steps_carrying_the_state_match_the_full_forward(self):
        # taps longer than the sequence: the sum is the exact IIR a cached step carries as a state
        torch.manual_seed(0)
        m = MusicModel(dict(TINY, integrate_inputs={"leak": 0.8, "taps": 128})).eval()
        with torch.no_grad():
            m.integ_gain.normal_()
        b = batch()
        seq = m.pattern.build(b["codes"])
        vm = torch.tensor([1.0, 0.0])
        with torch.no_grad():
            full = m(seq, b["frame"], b["context"], b["patch"], vm)
            prefix, memory = m.video(b["frame"], b["context"], b["patch"], vm)
            cross = m.cross_kv(memory)
            inp = m.pattern.shift_in(seq)
            cache, state, steps = m.empty_cache(2), None, []
            for s0, s1 in ((0, 9), *((s, s + 1) for s in range(9, inp.shape[2]))):  # a prefilled chunk, then single steps
                lg, new = m.decode(inp[:, :, s0:s1], prefix if s0 == 0 else torch.zeros_like(prefix),
                                   torch.tensor([s0]), None, cross, cache, integ=state)
                cache, state = m.append(cache, new), m.integ_out
                steps.append(lg)
        rel = float((torch.cat(steps, 2) - full).abs().max() / full.abs().max())
        self.assertLess(rel, 1e-5)
        # and the state matters: a step given zeros instead reads otherwise
        with torch.no_grad():
            s = inp.shape[2] - 1
            lost, _ = m.decode(inp[:, :, s:s + 1], torch.zeros_like(prefix), torch.tensor([s]), None, cross,
                               [(k[..., :s], v[:, :, :s]) for k, v in cache], integ=torch.zeros_like(state))
        self.assertGreater(float((lost[:, :, 0] - full[:, :, s]).abs().max() / full.abs().max()), 1e-3)


class CodecTablesTest(unittest.TestCase):
    """model.codec_tables: tokens also enter as W · their codec vectors; folded into the
    embeddings at export, the same function."""

    def test_fold_keeps_the_function_and_a_zero_map_changes_nothing(self):
        import os
        import tempfile
        torch.manual_seed(0)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "codec.pt")
            from training.codec.builders import build_codec, load_config
            cfg = load_config(os.path.join(os.path.dirname(__file__), "..", "..", "configs", "codec", "v3-spectral.json"))
            cfg["model"]["latent_dim"] = 8
            cfg["model"]["decoder"].update(dim=16, depth=1)
            codec = build_codec(cfg)
            for layer in codec.quantizer.layers:  # a fitted codec's codebooks (the build leaves them empty)
                layer.embed.normal_()
            torch.save({"model": codec.state_dict(), "config": cfg}, path)
            plain = MusicModel(TINY).eval()
            tied = MusicModel({**TINY, "codec_tables": {"checkpoint": path}}).eval()
            tied.load_state_dict(plain.state_dict(), strict=False)
            b = batch()
            seq = plain.pattern.build(b["codes"])
            vm = torch.tensor([1.0, 1.0])
            run = lambda m: m(seq, b["frame"], b["context"], b["patch"], vm)
            with torch.no_grad():
                self.assertTrue(torch.equal(run(plain), run(tied)))  # W starts at zero: a warm start is unchanged
                torch.nn.init.normal_(tied.codec_proj.weight, std=0.3)
                before = run(tied)
                self.assertGreater(float((before - run(plain)).abs().max()), 1e-2)
                tied.fold_codec_tables()
                self.assertIsNone(tied.codec_proj)
                self.assertLess(float((run(tied) - before).abs().max()), 1e-4)
