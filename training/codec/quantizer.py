"""Residual vector quantizer with EMA codebooks and dead-code restarts (EnCodec / SoundStream).

Codebooks are buffers updated by exponential moving averages of the assigned vectors, not by the
optimiser, which keeps them from collapsing; a code whose usage EMA falls below a threshold is
re-seeded with a random vector from the current batch so all 2048 entries stay in play.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def decode_tables(tables: list[torch.Tensor], codes: torch.Tensor) -> torch.Tensor:
    """codes (B, K, T) → the sum of the first K codebooks' entries, (B, D, T)."""
    out = sum(F.embedding(codes[:, k, :], tables[k]) for k in range(codes.shape[1]))
    return out.permute(0, 2, 1)


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

    def table(self) -> torch.Tensor:
        """(size, dim): each code as it enters the decoder."""
        return self.embed

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
                 dead_threshold: float = 1.0, **_):
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
        self.last_layers = []
        for layer in self.layers:
            q, idx = layer(residual.detach())
            commit = commit + F.mse_loss(residual, q.detach())
            out = out + q
            # straight-through view of this codebook's choice, for auxiliary heads
            self.last_layers.append((residual + (q - residual).detach()).reshape(b, t, d).permute(0, 2, 1))
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
        """codes (B, K, T) int64 → (B, D, T); K may be fewer than the codebooks (the first K)."""
        return decode_tables([l.table() for l in self.layers], codes)


class FactorizedCodebook(nn.Module):
    """DAC's factorised code lookup: project the residual to a few dimensions, L2-normalise, pick
    the nearest code by cosine, project back. Low-dimensional normalised lookups keep every code in
    play (codebook 0 of the EMA quantiser used a quarter of its codes once it had to carry pitch).
    The codebook is learned by gradient (codebook loss); codes unused for a while are re-seeded from
    the batch so none stays dead on short CPU runs."""

    def __init__(self, size: int, dim: int, code_dim: int = 8, usage_decay: float = 0.9,
                 dead_threshold: float = 0.02):
        super().__init__()
        self.size, self.code_dim = size, code_dim
        self.in_proj = nn.Linear(dim, code_dim)
        self.out_proj = nn.Linear(code_dim, dim)
        self.codebook = nn.Parameter(torch.randn(size, code_dim))
        self.usage_decay, self.dead_threshold = usage_decay, dead_threshold
        self.register_buffer("usage", torch.ones(size))
        self.register_buffer("initted", torch.tensor(False))
        self.last_restarts = 0

    def nearest(self, ze: torch.Tensor) -> torch.Tensor:
        sim = F.normalize(ze, dim=1) @ F.normalize(self.codebook, dim=1).t()
        return sim.argmax(dim=1)

    def table(self) -> torch.Tensor:
        """(size, dim): each code as it enters the decoder."""
        return self.out_proj(self.codebook)

    @torch.no_grad()
    def _restart(self, ze: torch.Tensor, idx: torch.Tensor) -> None:
        # Seeds are batch vectors plus a little noise: a batch has fewer vectors than codes, and
        # exact duplicates would tie forever (and flip between torch and onnxruntime).
        jitter = 0.05 * ze.std()
        if not bool(self.initted):
            pick = ze[torch.randint(0, ze.shape[0], (self.size,))]
            self.codebook.data.copy_(pick + jitter * torch.randn_like(pick))
            self.initted.fill_(True)
            return
        counts = torch.bincount(idx, minlength=self.size).float()
        self.usage.mul_(self.usage_decay).add_(counts / max(1.0, counts.sum().item()) * self.size,
                                               alpha=1 - self.usage_decay)
        dead = self.usage < self.dead_threshold
        self.last_restarts = int(dead.sum())
        if self.last_restarts:
            pick = ze[torch.randint(0, ze.shape[0], (self.last_restarts,))]
            self.codebook.data[dead] = pick + jitter * torch.randn_like(pick)
            # a fresh code starts barely above the threshold: it must win soon or go again
            self.usage[dead] = 2 * self.dead_threshold

    def forward(self, residual: torch.Tensor):
        """residual (N, D) → quantised (N, D) with straight-through gradients, codes, loss."""
        ze = self.in_proj(residual)
        idx = self.nearest(ze.detach())
        if self.training:
            fresh = not bool(self.initted)
            self._restart(ze.detach(), idx)
            if fresh or self.last_restarts:  # the codebook just changed under these codes
                idx = self.nearest(ze.detach())
        zq = F.embedding(idx, self.codebook)
        loss = F.mse_loss(zq, ze.detach()) + 0.25 * F.mse_loss(ze, zq.detach())
        zq = ze + (zq - ze).detach()
        return self.out_proj(zq), idx, loss


class FactorizedRVQ(nn.Module):
    """Residual stack of factorised codebooks with quantiser dropout (SoundStream/DAC): with
    probability `dropout` an item is decoded from only its first n ~ U{1..K} codebooks, so codebook
    0 alone already decodes to music (the coarsest level) and each further codebook refines it.
    Same interface as ResidualVQ, plus the per-codebook outputs for auxiliary heads."""

    def __init__(self, n_q: int, size: int, dim: int, code_dim: int = 8, dropout: float = 0.0,
                 dead_threshold: float = 0.02, usage_decay: float = 0.9, **_):
        super().__init__()
        self.layers = nn.ModuleList(
            FactorizedCodebook(size, dim, code_dim, usage_decay=usage_decay, dead_threshold=dead_threshold)
            for _ in range(n_q))
        self.dropout = dropout
        self.last_layers: list[torch.Tensor] = []

    def forward(self, z: torch.Tensor):
        with torch.autocast("cpu", enabled=False):
            return self._forward(z.float())

    def _forward(self, z: torch.Tensor):
        b, d, t = z.shape
        residual = z.permute(0, 2, 1).reshape(b * t, d)
        keep = torch.full((b,), len(self.layers), device=z.device)
        if self.training and self.dropout > 0:
            drop = torch.rand(b, device=z.device) < self.dropout
            keep = torch.where(drop, torch.randint(1, len(self.layers) + 1, (b,), device=z.device), keep)
        keep = keep.repeat_interleave(t)[:, None]
        out, codes, loss, self.last_layers = torch.zeros_like(residual), [], z.new_zeros(()), []
        for k, layer in enumerate(self.layers):
            q, idx, l = layer(residual)
            residual = residual - q
            out = out + q * (keep > k).float()
            loss = loss + l
            codes.append(idx)
            self.last_layers.append(q.reshape(b, t, d).permute(0, 2, 1))
        quantized = out.reshape(b, t, d).permute(0, 2, 1)
        codes = torch.stack(codes, 0).reshape(len(self.layers), b, t).permute(1, 0, 2)
        return quantized, codes, loss

    def encode(self, z: torch.Tensor) -> torch.Tensor:
        b, d, t = z.shape
        residual = z.permute(0, 2, 1).reshape(b * t, d)
        codes = []
        for layer in self.layers:
            idx = layer.nearest(layer.in_proj(residual))
            residual = residual - F.embedding(idx, layer.table())
            codes.append(idx)
        return torch.stack(codes, 0).reshape(len(self.layers), b, t).permute(1, 0, 2)

    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        return decode_tables([l.table() for l in self.layers], codes)


class PredictiveRVQ(ResidualVQ):
    """Residual VQ of what the past did not predict (predictive VQ, as in DPCM): the latent of frame
    t is predicted as `leak` × the reconstruction of frame t−1, and the codes quantise the
    difference; the decoder integrates the codes' vectors back, ẑ[t] = Σ_k leak^k · q[t−k] over
    `taps` frames (a fixed causal filter, so the exported decoder stays a stateless graph and a
    streamed chunk needs only `taps` − 1 frames of left context).

    Why (codec.md, session 14): a held note or chord repeats its spectrum frame after frame, and a
    quantiser that codes each frame afresh spends its 44 bits on the same coarse picture every time
    (held-out chroma 0.84 after 4 codebooks, from 0.99 unquantised); coding the change refines a
    sustained spectrum over successive frames (0.90 at leak 0.8). The leak makes the past fade
    (0.8^28 ≈ 0.002), so one wrong token in generated music is forgotten within half a second.

    Codebooks are fitted (fit_spectral_codec.py, closed-loop k-means), not trained: frozen, like
    the encoder it quantises."""

    def __init__(self, n_q: int, size: int, dim: int, leak: float = 0.8, taps: int = 28,
                 layered: bool = False, **kw):
        super().__init__(n_q, size, dim, **kw)
        self.leak, self.taps, self.layered = leak, taps, layered
        # leak^(taps-1) … leak^0, oldest first; one row per channel, as a fixed depthwise conv
        self.register_buffer("kernel", (leak ** torch.arange(taps - 1, -1, -1, dtype=torch.float64)).float(),
                             persistent=False)
        self.register_buffer("conv_weight", self.kernel.repeat(dim, 1, 1), persistent=False)

    def integrate(self, q: torch.Tensor) -> torch.Tensor:
        """Innovations (B, D, T) → latents (B, D, T): the causal filter leak^k, k < taps."""
        return F.conv1d(F.pad(q, (self.taps - 1, 0)), self.conv_weight.to(q.dtype), groups=self.conv_weight.shape[0])

    def residuals(self, z: torch.Tensor, root: torch.Tensor | None = None):
        """Closed-loop encoding of (B, D, T) latents: codes (B, K, T), the innovations' vectors
        (B, D, T) and the residuals they quantised (B, D, T) — the fitting script's k-means data.

        `root` (D, D), symmetric: the codes are chosen by ‖root·(r − e)‖ instead of ‖r − e‖
        (Codec.search_root: what the decoder's pitch needs, not the latent's variance). The loop
        is linear in the latents, the history and the tables, so it runs unchanged on rootᵀ·z
        with the tables × root (what the exported graph does too); the innovations come back in
        the latent space, the residuals stay in the search space."""
        zf = z.float()
        tables = [layer.embed for layer in self.layers]
        if root is not None:
            zf = torch.einsum("bdt,de->bet", zf, root.to(zf.dtype))
            tables = [t @ root.to(t.dtype) for t in tables]
        weights = self.kernel.to(zf.dtype)[:-1]  # leak^(taps-1) … leak^1: the prediction's weights
        loop = self._layered if self.layered else self._joint
        codes, qs, rs = loop(zf, weights, tables)
        if root is not None:
            qs = decode_tables([layer.embed for layer in self.layers], codes)
        return codes, qs, rs

    @staticmethod
    def _nearest(r: torch.Tensor, table: torch.Tensor) -> torch.Tensor:
        """(N, D) → (N,): ‖r − e‖² without the ‖r‖² term, as the exported loop computes it."""
        return (table.pow(2).sum(1)[None, :] - 2 * r @ table.t()).argmin(dim=1)

    def _joint(self, zf: torch.Tensor, weights: torch.Tensor, tables: list[torch.Tensor]):
        b, d, t = zf.shape
        hist = torch.zeros(b, d, self.taps, dtype=zf.dtype, device=zf.device)  # last `taps` innovations, oldest first
        codes, qs, rs = [], [], []
        for i in range(t):
            pred = hist[:, :, 1:] @ weights  # Σ_{k≥1} leak^k q[t−k] (the truncated filter, exactly)
            r = zf[:, :, i] - pred
            res, q, idx = r, torch.zeros_like(r), []
            for table in tables:
                j = self._nearest(res, table)
                e = F.embedding(j, table)
                q, res = q + e, res - e
                idx.append(j)
            hist = torch.cat([hist[:, :, 1:], q[:, :, None]], 2)
            codes.append(torch.stack(idx, 1)); qs.append(q); rs.append(r)
        return torch.stack(codes, 2), torch.stack(qs, 2), torch.stack(rs, 2)

    def _layered(self, zf: torch.Tensor, weights: torch.Tensor, tables: list[torch.Tensor]):
        """Layered closed loop (`layered: true`): codebook k predicts from the reconstruction of
        codebooks 0..k alone, ẑᵏ[t−1] = Σ_j leak^j Σ_{i≤k} q_i[t−1−j], and quantises
        z[t] − leak·ẑᵏ[t−1] − Σ_{i<k} q_i[t]. The decoder is unchanged (it integrates all four).

        Why: a music model writes these codes with the delay pattern, so when it picks codebook k
        of frame t it has seen codebooks 0..k of frame t−1 but not k+1..3 (they come later). In the
        joint loop codebook k's target depends on those unseen finer codes, and to the model it is
        noise (music-v4i: codebooks 1-3 only 0.2-0.4 nats under their unigram level); here every
        code is a function of what the model has already written and of the music."""
        b, d, t = zf.shape
        n = len(tables)
        hist = zf.new_zeros(n, b, d, self.taps)  # per level: the last `taps` sums Σ_{i≤k} q_i, oldest first
        codes, qs, rs = [], [], []
        for i in range(t):
            q, idx = zf.new_zeros(b, d), []
            for k, table in enumerate(tables):
                r = zf[:, :, i] - hist[k, :, :, 1:] @ weights - q
                if k == 0:
                    rs.append(r)
                j = self._nearest(r, table)
                q = q + F.embedding(j, table)
                idx.append(j)
                hist[k] = torch.cat([hist[k, :, :, 1:], q[:, :, None]], 2)
            codes.append(torch.stack(idx, 1)); qs.append(q)
        return torch.stack(codes, 2), torch.stack(qs, 2), torch.stack(rs, 2)

    def forward(self, z: torch.Tensor, root: torch.Tensor | None = None):
        with torch.autocast("cpu", enabled=False):
            codes, q, _ = self.residuals(z, root)
            zhat = self.integrate(q)
        self.last_layers = [zhat]
        return zhat, codes, z.new_zeros(()).float()

    def encode(self, z: torch.Tensor, root: torch.Tensor | None = None) -> torch.Tensor:
        return self.residuals(z, root)[0]

    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        return self.integrate(super().decode(codes))


class NoQuantizer(nn.Module):
    """The ladder's first rung: latents straight to the decoder (no tokens), to tell what the
    encoder/decoder lose from what quantisation loses."""

    def __init__(self, n_q: int, size: int, dim: int, **_):
        super().__init__()
        self.n_q = n_q
        self.last_layers: list[torch.Tensor] = []

    def forward(self, z):
        self.last_layers = [z.float()]
        b, _, t = z.shape
        return z.float(), torch.zeros(b, self.n_q, t, dtype=torch.long), z.new_zeros(()).float()
