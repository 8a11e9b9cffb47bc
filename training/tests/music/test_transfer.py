"""train.transfer_weights: the backbone from one checkpoint, stage 2's control branch from another
(config transfer.controls_from), the CGD clone left as add_controls copied it from this backbone."""
import os
import tempfile
import unittest

import torch

from training.music.model import MusicModel
from training.music.train import transfer_weights

TINY = dict(dim=32, heads=4, ffn_mult=2, blocks=2, video_dim=16, video_heads=2, video_layers=1)


def checkpoint(path: str, seed: int, stage2: bool) -> dict:
    torch.manual_seed(seed)
    m = MusicModel(TINY)
    if stage2:
        m.add_controls()
        with torch.no_grad():  # trained-looking (non-zero) joins, as a stage-2 checkpoint has
            for n, p in m.named_parameters():
                if n.startswith("conditions.") or ".cgd." in n:
                    p.add_(torch.randn_like(p))
    state = m.state_dict()
    torch.save({"model": state}, path)
    return state


class TransferTest(unittest.TestCase):
    def test_backbone_from_one_checkpoint_and_controls_from_another(self):
        with tempfile.TemporaryDirectory() as d:
            twin = checkpoint(os.path.join(d, "twin.pt"), 1, stage2=False)
            conditioned = checkpoint(os.path.join(d, "cond.pt"), 2, stage2=True)
            cfg = {"from": os.path.join(d, "twin.pt"), "controls_from": os.path.join(d, "cond.pt"), "skip": []}
            torch.manual_seed(3)
            model = MusicModel(TINY)
            quiet = lambda _m: None
            loaded = transfer_weights(model, cfg, "backbone", log=quiet)
            self.assertTrue(loaded)
            for k in loaded:
                self.assertTrue(torch.equal(model.state_dict()[k], twin[k]), k)
            model.add_controls()
            clone = {k: v.clone() for k, v in model.state_dict().items() if ".cgd.clone." in k}
            loaded = transfer_weights(model, cfg, "controls", log=quiet)
            own = model.state_dict()
            self.assertTrue(any(k.startswith("conditions.") for k in loaded))
            self.assertTrue(any(".cgd." in k for k in loaded))
            for k in loaded:
                self.assertTrue(torch.equal(own[k], conditioned[k]), k)
            # the clone stays this backbone's copy, not the other model's
            self.assertTrue(clone)
            for k, v in clone.items():
                self.assertTrue(torch.equal(own[k], v), k)
            # without controls_from the controls come from "from" (here the twin has none: nothing loaded)
            self.assertEqual(transfer_weights(model, {"from": cfg["from"], "skip": []}, "controls", log=quiet), [])


if __name__ == "__main__":
    unittest.main()
