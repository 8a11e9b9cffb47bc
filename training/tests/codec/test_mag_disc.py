"""The discriminator on a magnitude-only decoder's log-magnitude frames (discriminators.MagnitudeDisc)."""
import unittest

import torch

from training.codec.discriminators import MagnitudeDisc, MagnitudeDiscriminators
from training.codec.losses import discriminator_loss


def note_frames(f0_bin: float, plateau: bool, frames: int = 16, bins: int = 128) -> torch.Tensor:
    """Log magnitudes (bins, frames) of a held harmonic note, 25 Hz bins: partials as peaks one bin
    wide, or — what the decoder writes when unsure of the octave — the fundamental's peak replaced by
    a flat shoulder 12 dB down over the bins around it."""
    k = torch.arange(bins, dtype=torch.float32)[:, None]
    lm = torch.full((bins, 1), -6.0)
    for h in range(1, 8):
        lm = torch.maximum(lm, 2.0 - 0.2 * h - 2.0 * (k - h * f0_bin).abs())
    if plateau:
        near = ((k - f0_bin).abs() < 2.5).float()
        lm = lm * (1 - near) + near * 0.6
    return lm.expand(bins, frames) + 0.05 * torch.randn(bins, frames)


class MagnitudeDiscTest(unittest.TestCase):
    def test_what_lies_under_the_floor_does_not_reach_the_discriminator(self):
        torch.manual_seed(0)
        d = MagnitudeDisc(bins=64, channels=4, floor_db=60)
        x = note_frames(5.2, False, bins=80)[None]
        y = x.clone()
        y[:, 70:] = 1.5  # loud partials above the discriminator's band
        quiet = x.clone()
        quiet[x < x.max() - 60 / 20 * 2.302585] -= 5.0  # deeper silence, still under the floor
        with torch.no_grad():
            self.assertTrue(torch.allclose(d(x)[0], d(quiet)[0]))
            self.assertTrue(torch.allclose(d(x)[0], d(y)[0]), "bins above the band must not count")

    def test_learns_to_tell_a_fundamental_from_a_plateau(self):
        torch.manual_seed(0)
        d = MagnitudeDiscriminators([[128, 1], [128, 4]], channels=8)
        opt = torch.optim.Adam(d.parameters(), 2e-3)
        f0s = [3.0 + 0.37 * i for i in range(16)]
        for step in range(100):
            real = torch.stack([note_frames(f, False) for f in f0s])
            fake = torch.stack([note_frames(f, True) for f in f0s])
            loss = discriminator_loss(d(real)[0], d(fake)[0])
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():  # unseen fundamentals, each note with and without its fundamental
            real = torch.stack([note_frames(3.2 + 0.41 * i, False) for i in range(8)])
            fake = torch.stack([note_frames(3.2 + 0.41 * i, True) for i in range(8)])
            r = torch.stack([o.mean(1) for o in d(real)[0]])  # (discriminators, items)
            f = torch.stack([o.mean(1) for o in d(fake)[0]])
        self.assertGreater(float((r - f).min()), 0.1, "every discriminator scores every real note above its plateau twin")


if __name__ == "__main__":
    unittest.main()
