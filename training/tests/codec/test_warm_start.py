import unittest

import torch

from training.codec.builders import build_codec, load_config
from training.codec.train import adapt_state


class TestWarmStart(unittest.TestCase):
    def test_a_new_bass_front_end_starts_where_the_checkpoint_was(self):
        # codec-v3 starts from codec-v2's weights: the checkpoint lacks the bass front end and the
        # bass head; they must be filled in (not refused), and the zero-initialised front end must
        # leave the latents — so the tokens — exactly as they were until training moves it.
        torch.manual_seed(0)
        old = build_codec(load_config("training/configs/codec/v2-mag-notes.json")).eval()
        new = build_codec(load_config("training/configs/codec/v3-bass.json")).eval()
        new.load_state_dict(adapt_state(old.state_dict(), new))
        self.assertIsNotNone(new.encoder.bass)
        x = torch.randn(1, 1, 40960, generator=torch.Generator().manual_seed(1)) * 0.1
        with torch.no_grad():
            self.assertTrue(torch.equal(old.encoder(x), new.encoder(x)))
            self.assertTrue(torch.equal(old.encode(x), new.encode(x)))


if __name__ == "__main__":
    unittest.main()
