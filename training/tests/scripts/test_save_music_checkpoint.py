import unittest

from training.scripts.save_music_checkpoint import better


class TestBetter(unittest.TestCase):
    def test_a_later_stage_wins_then_a_lower_nll_on_the_same_valid_clips(self):
        old = {"stage": 1, "score": 5.0, "valid": "abc"}
        self.assertTrue(better({"stage": 2, "score": 6.0, "valid": "abc"}, old)[0])
        self.assertFalse(better({"stage": 1, "score": 1.0, "valid": "abc"}, {"stage": 2, "score": 6.0, "valid": "abc"})[0])
        self.assertTrue(better({"stage": 1, "score": 4.9, "valid": "abc"}, old)[0])
        self.assertFalse(better({"stage": 1, "score": 5.0, "valid": "abc"}, old)[0])

    def test_scores_on_other_valid_clips_are_not_compared(self):
        ok, why = better({"stage": 1, "score": 1.0, "valid": "new"}, {"stage": 1, "score": 5.0, "valid": "abc"})
        self.assertFalse(ok)
        self.assertIn("--force", why)


if __name__ == "__main__":
    unittest.main()
