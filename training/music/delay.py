"""The codebook delay pattern (MusicGen), as validated data: build / revert and the loss mask.

Codebook k is delayed by delays[k] steps (default k). A clip of T frames becomes a sequence of
S = T + max(delays) steps; step s of codebook k holds frame s - delays[k], or the special token
(id = codebook size, 2048) where that frame does not exist. K = 4, T = 5, S = 8:

    step      0   1   2   3   4   5   6   7
    k=0      a0  a1  a2  a3  a4   S   S   S
    k=1       S  b0  b1  b2  b3  b4   S   S
    k=2       S   S  c0  c1  c2  c3  c4   S
    k=3       S   S   S  d0  d1  d2  d3  d4

The model predicts step s from the steps before it: its input at position s is step s-1
(`shift_in`), and at position 0 it is all special tokens plus the VFA prefix token. So position
s writes frame s of codebook 0 and frame s-k of codebook k: every codebook of frame t is known
after position t + 3, and generation writes only the slots that are not special (`valid`).
test/fixtures/music/delay_pattern.json holds a worked example that the TS engine shares.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch


@dataclass(frozen=True)
class DelayPattern:
    n_q: int = 4
    card: int = 2048
    delays: tuple = field(default=None)

    def __post_init__(self):
        if self.delays is None:
            object.__setattr__(self, "delays", tuple(range(self.n_q)))
        d = tuple(int(x) for x in self.delays)
        if len(d) != self.n_q or d[0] != 0 or any(b < a for a, b in zip(d, d[1:])):
            raise ValueError(f"delays must start at 0, be non-decreasing and have n_q={self.n_q} entries: {d}")
        object.__setattr__(self, "delays", d)

    @property
    def special(self) -> int:
        return self.card

    @property
    def max_delay(self) -> int:
        return self.delays[-1]

    def steps(self, frames: int) -> int:
        return frames + self.max_delay

    def valid(self, steps: int, device=None) -> torch.Tensor:
        """(K, S) bool: the slots that hold a real frame."""
        s = torch.arange(steps, device=device)[None, :]
        d = torch.tensor(self.delays, device=device)[:, None]
        frames = steps - self.max_delay
        return (s >= d) & (s - d < frames)

    def build(self, codes: torch.Tensor) -> torch.Tensor:
        """(B, K, T) codes → (B, K, T + max_delay) sequence with special tokens."""
        B, K, T = codes.shape
        assert K == self.n_q, f"{K} codebooks, pattern has {self.n_q}"
        assert int(codes.min()) >= 0 and int(codes.max()) < self.card, "codes outside [0, card)"
        seq = codes.new_full((B, K, self.steps(T)), self.special)
        for k, d in enumerate(self.delays):
            seq[:, k, d:d + T] = codes[:, k]
        return seq

    def revert(self, seq: torch.Tensor) -> torch.Tensor:
        """(B, K, S) sequence → (B, K, S - max_delay) codes; asserts no special token is kept."""
        B, K, S = seq.shape
        T = S - self.max_delay
        codes = torch.stack([seq[:, k, d:d + T] for k, d in enumerate(self.delays)], 1)
        assert not bool((codes == self.special).any()), "a special token where a frame belongs"
        return codes

    def shift_in(self, seq: torch.Tensor) -> torch.Tensor:
        """The model's input tokens: position 0 all special, position s step s-1."""
        first = seq.new_full(seq.shape[:2] + (1,), self.special)
        return torch.cat([first, seq[:, :, :-1]], 2)
