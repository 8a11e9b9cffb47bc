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


    def test_decoder_tables_start_as_the_quantisers_and_then_are_the_decoders_own(self):
        torch.manual_seed(0)
        old = build_codec(load_config("training/configs/codec/v2-mag-notes.json")).eval()
        new = build_codec(load_config("training/configs/codec/v2-mag-tables.json")).eval()
        new.load_state_dict(adapt_state(old.state_dict(), new))
        new.init_decoder_tables()
        x = torch.randn(1, 1, 40960, generator=torch.Generator().manual_seed(1)) * 0.1
        with torch.no_grad():
            codes = new.encode(x)
            self.assertTrue(torch.equal(codes, old.encode(x)))  # the tokens are the same
            self.assertLess(float((new.decoder.magnitudes(new.code_latents(codes))
                                   - old.decoder.magnitudes(old.quantizer.decode(codes))).abs().max()), 1e-5)
            new.decoder_tables[0, codes[0, 0, 0]] += 1.0  # moving a row changes what the decoder reads
            self.assertFalse(torch.equal(new.code_latents(codes), old.quantizer.decode(codes)))
            self.assertTrue(torch.equal(new.encode(x), codes))  # but never the tokens


if __name__ == "__main__":
    unittest.main()
