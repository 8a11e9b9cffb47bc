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
