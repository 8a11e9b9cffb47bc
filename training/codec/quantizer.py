"""Residual vector quantizer with EMA codebooks and dead-code restarts (EnCodec / SoundStream).

Codebooks are buffers updated by exponential moving averages of the assigned vectors, not by the
optimiser, which keeps them from collapsing; a code whose usage EMA falls below a threshold is
re-seeded with a random vector from the current batch so all 2048 entries stay in play.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class EMACodebook(nn.Module):
    def __init__(self, size: int, dim: int, decay: float = 0.99, eps: float = 1e-5,
                 dead_threshold: float = 1.0):
        super().__init__()
        self.size, self.dim, self.decay, self.eps = size, dim, decay, eps
        self.dead_threshold = dead_threshold
        self.register_buffer("embed", torch.randn(size, dim) * 0.1)
        self.register_buffer("embed_avg", self.embed.clone())
        self.register_buffer("cluster_size", torch.zeros(size))
        self.register_buffer("initted", torch.tensor(False))
        self.last_restarts = 0

    def nearest(self, x: torch.Tensor) -> torch.Tensor:
        """x (N, D) → indices (N,). ‖x−e‖² without the ‖x‖² term (constant per row)."""
        dist = self.embed.pow(2).sum(1)[None, :] - 2 * x @ self.embed.t()
        return dist.argmin(dim=1)

    @torch.no_grad()
    def _init(self, x: torch.Tensor) -> None:
        # Seed from data so the first assignments are meaningful (a cheap stand-in for k-means).
        idx = torch.randint(0, x.shape[0], (self.size,), device=x.device)
        self.embed.copy_(x[idx])
        self.embed_avg.copy_(x[idx])
        self.cluster_size.fill_(1.0)
        self.initted.fill_(True)

    @torch.no_grad()
    def update(self, x: torch.Tensor, idx: torch.Tensor) -> None:
        onehot = F.one_hot(idx, self.size).type(x.dtype)
        self.cluster_size.mul_(self.decay).add_(onehot.sum(0), alpha=1 - self.decay)
        self.embed_avg.mul_(self.decay).add_(onehot.t() @ x, alpha=1 - self.decay)
        n = self.cluster_size.sum()
        smoothed = (self.cluster_size + self.eps) / (n + self.size * self.eps) * n
        self.embed.copy_(self.embed_avg / smoothed[:, None])
        dead = self.cluster_size < self.dead_threshold
        n_dead = int(dead.sum())
        self.last_restarts = n_dead
        if n_dead:
            pick = x[torch.randint(0, x.shape[0], (n_dead,), device=x.device)]
            self.embed[dead] = pick
            # embed is embed_avg / cluster_size at the next update, so the running sum must hold
            # pick × count; storing pick alone would fling the code 1/threshold times too far out.
            self.embed_avg[dead] = pick * self.dead_threshold
            self.cluster_size[dead] = self.dead_threshold

    def forward(self, x: torch.Tensor):
        if self.training and not bool(self.initted):
            self._init(x)
        idx = self.nearest(x)
        q = F.embedding(idx, self.embed)
        if self.training:
            self.update(x, idx)
        return q, idx


class ResidualVQ(nn.Module):
    """(B, D, T) latents → quantised latents, codes (B, K, T) and the commitment loss."""

    def __init__(self, n_q: int, size: int, dim: int, decay: float = 0.99,
                 dead_threshold: float = 1.0):
        super().__init__()
        self.layers = nn.ModuleList(
            EMACodebook(size, dim, decay, dead_threshold=dead_threshold) for _ in range(n_q))

    def forward(self, z: torch.Tensor):
        # Nearest-code search and EMA statistics in fp32 even under bf16 autocast: bf16 distances
        # tie between close codes and starve some of them.
        with torch.autocast("cpu", enabled=False):
            return self._forward(z.float())

    def _forward(self, z: torch.Tensor):
        b, d, t = z.shape
        x = z.float().permute(0, 2, 1).reshape(b * t, d)
        residual, out, codes = x, torch.zeros_like(x), []
        commit = x.new_zeros(())
        for layer in self.layers:
            q, idx = layer(residual.detach())
            commit = commit + F.mse_loss(residual, q.detach())
            out = out + q
            residual = residual - q.detach()
            codes.append(idx)
        quantized = x + (out - x).detach()  # straight-through estimator
        quantized = quantized.reshape(b, t, d).permute(0, 2, 1)
        codes = torch.stack(codes, 0).reshape(len(self.layers), b, t).permute(1, 0, 2)
        return quantized, codes, commit

    def encode(self, z: torch.Tensor) -> torch.Tensor:
        b, d, t = z.shape
        residual = z.permute(0, 2, 1).reshape(b * t, d)
        codes = []
        for layer in self.layers:
            idx = layer.nearest(residual)
            residual = residual - F.embedding(idx, layer.embed)
            codes.append(idx)
        return torch.stack(codes, 0).reshape(len(self.layers), b, t).permute(1, 0, 2)

    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        """codes (B, K, T) int64 → (B, D, T)."""
        out = None
        for k, layer in enumerate(self.layers):
            e = F.embedding(codes[:, k, :], layer.embed)
            out = e if out is None else out + e
        return out.permute(0, 2, 1)
