"""Stage 1's video side (paper §3.3): VFA (frame features → one prefix token) and FGFS (frame +
context features, self-attention with learnable α/β, cross-attention to Conv2D-downsampled patch
features) over the engine's descriptors (`undertone analyze`, docs/video.md):

    paper                                   ours (VIDEO_SPEC v1, 10 fps)
    frame-level  V_f (CLIP, 768)            descriptors.frame   (Tv, 17)
    context-level (VideoMAE V2, 1024)       descriptors.context (Tv, 10)  — 6.4 s centred window
    patch-level (1024 per patch)            descriptors.patch   (Tv, 16, 7) — 4 × 4 grid, row-major

The Conv2D (2 × 2, stride 2, as App. B) turns the 4 × 4 grid into 2 × 2 patch tokens per frame.
The whole clip is known before generation, so attention over video time is bidirectional; the
encoder runs once per clip and its output is the decoder's cross-attention memory.
"""
from __future__ import annotations

import torch
from torch import nn

from .layers import Attention, LayerNorm, sinusoid

FRAME_DIM, CONTEXT_DIM, PATCH_GRID, PATCH_DIM = 17, 10, (4, 4), 7


class VFA(nn.Module):
    """Video Feature Aggregation: Conv1D (k = 3) over frame features, temporal mean → V_agg (B, D)."""

    def __init__(self, dim: int, out_dim: int):
        super().__init__()
        self.conv = nn.Conv1d(FRAME_DIM, dim, 3, padding=1)
        self.act = nn.GELU()
        self.out = nn.Linear(dim, out_dim)

    def forward(self, frame: torch.Tensor) -> torch.Tensor:  # (B, Tv, 17) → (B, out_dim)
        return self.out(self.act(self.conv(frame.transpose(1, 2))).mean(2))


class FGFSLayer(nn.Module):
    """One layer of Fine-Grained Feature Selection.

    The frame stream F and the context stream C share one self-attention; their keys and values
    are mixed before attending (eq. 1-2): context attends with K^C ← αK^C + (1-α)K^F (likewise V),
    frames with K^F ← βK^C + (1-β)K^F. The α-weighted (context) output queries the patch tokens of
    its own frame (cross-attention, K/V = patches); the refined result is concatenated with the
    β-weighted (frame) output and projected back to D for the next layer's frame stream.
    α, β are per layer, sigmoid-parametrised, starting at 0.5."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.sa, self.ca = Attention(dim, heads), Attention(dim, heads)
        self.a_logit, self.b_logit = nn.Parameter(torch.zeros(())), nn.Parameter(torch.zeros(()))
        self.nf, self.nc, self.nr = LayerNorm(dim), LayerNorm(dim), LayerNorm(dim)
        self.fuse = nn.Linear(2 * dim, dim)

    def forward(self, f, c, patches):  # f, c (B, Tv, D); patches (B, Tv, P, D)
        a, b = torch.sigmoid(self.a_logit), torch.sigmoid(self.b_logit)
        kf, vf = self.sa.kv(f)
        kc, vc = self.sa.kv(c)
        c_out = self.nc(c + self.sa.attend(c, a * kc + (1 - a) * kf, a * vc + (1 - a) * vf, None))
        f_out = self.nf(f + self.sa.attend(f, b * kc + (1 - b) * kf, b * vc + (1 - b) * vf, None))
        B, Tv, P, D = patches.shape
        q = c_out.reshape(B * Tv, 1, D)
        kp, vp = self.ca.kv(patches.reshape(B * Tv, P, D))
        refined = self.nr(q + self.ca.attend(q, kp, vp, None)).reshape(B, Tv, D)
        return f + self.fuse(torch.cat([refined, f_out], -1)), c_out


class VideoEncoder(nn.Module):
    """descriptors → (prefix (B, D_music), memory (B, Tv, D_music)). video_mask (B,) = 0 replaces
    both by learned null embeddings: the unconditioned row of classifier-free guidance."""

    def __init__(self, dim: int, music_dim: int, heads: int, layers: int):
        super().__init__()
        self.vfa = VFA(dim, music_dim)
        self.frame_in = nn.Sequential(nn.Linear(FRAME_DIM, dim), LayerNorm(dim))
        self.context_in = nn.Sequential(nn.Linear(CONTEXT_DIM, dim), LayerNorm(dim))
        self.patch_conv = nn.Conv2d(PATCH_DIM, dim, 2, stride=2)
        self.layers = nn.ModuleList(FGFSLayer(dim, heads) for _ in range(layers))
        self.out = nn.Sequential(nn.Linear(dim, music_dim), LayerNorm(music_dim))
        self.null_prefix = nn.Parameter(torch.zeros(music_dim))
        self.null_memory = nn.Parameter(torch.randn(music_dim) * 0.02)
        self.dim = dim

    def forward(self, frame, context, patch, video_mask):
        B, Tv, _ = frame.shape
        pos = sinusoid(torch.ones_like(frame[0, :, 0], dtype=torch.long).cumsum(0) - 1, self.dim)
        f = self.frame_in(frame) + pos
        c = self.context_in(context) + pos
        gh, gw = PATCH_GRID
        p = patch.reshape(B * Tv, gh, gw, PATCH_DIM).permute(0, 3, 1, 2)
        p = self.patch_conv(p).flatten(2).transpose(1, 2).reshape(B, Tv, -1, self.dim)
        for layer in self.layers:
            f, c = layer(f, c, p)
        m = video_mask.to(frame.dtype)
        memory = self.out(f) * m[:, None, None] + self.null_memory * (1 - m)[:, None, None]
        prefix = self.vfa(frame) * m[:, None] + self.null_prefix * (1 - m)[:, None]
        return prefix, memory
