"""Attention and the decoder layer of a 4D-block (paper eq. 3-5), written with plain MatMul/Softmax
so the same code runs the full sequence in training and one step with an explicit KV cache in the
ONNX export.

Cross-attention windows (eq. 5): a window of k seconds splits time into segments [γk, (γ+1)k); music
position s (time s / frame_rate) sees only the video frames of its own segment. Integer maths on
frame counts (k · rate is whole for 5, 3 and 2 s at 50 and 10 Hz), so no float rounding moves a
boundary. Positions past the last video frame's segment (the delay pattern's tail) use that last
segment, so no row is empty.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

NEG = -1e9  # additive mask; finite so an exported softmax never sees inf - inf


class LayerNorm(nn.LayerNorm):
    """nn.LayerNorm that accepts bf16 input: torch 1.13's CPU autocast runs linear layers in bf16 but
    leaves layer_norm out of its fp32 list, so a bf16 activation met fp32 weights and failed. Float
    input takes no branch, so the exported graphs are unchanged."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype != self.weight.dtype:
            x = x.to(self.weight.dtype)
        return super().forward(x)


def sinusoid(positions: torch.Tensor, dim: int) -> torch.Tensor:
    """(S,) int positions → (S, dim) sinusoidal embedding (MusicGen's, cos first)."""
    half = dim // 2
    freqs = torch.exp(torch.arange(half, dtype=torch.float32, device=positions.device) * (-math.log(10000.0) / max(half - 1, 1)))
    ang = positions.to(torch.float32)[:, None] * freqs[None, :]
    return torch.cat([torch.cos(ang), torch.sin(ang)], 1)


def window_mask(positions: torch.Tensor, video_index: torch.Tensor, window_s: float | None,
                music_rate: int, video_rate: int) -> torch.Tensor | None:
    """(S,) music positions, (Tv,) video frame indices → (S, Tv) additive mask, None for k = ∞."""
    if window_s is None:
        return None
    wm, wv = int(round(window_s * music_rate)), int(round(window_s * video_rate))
    # indices are ≥ 0, so truncation is the floor; it exports as one Div (floor mode is seven ops)
    seg_v = torch.div(video_index, wv, rounding_mode="trunc")
    seg_q = torch.minimum(torch.div(positions, wm, rounding_mode="trunc"), seg_v[-1:])
    return (seg_q[:, None] != seg_v[None, :]).to(torch.float32) * NEG


def window_frames(step: int, video_frames: int, window_s: float | None, music_rate: int, video_rate: int) -> tuple[int, int]:
    """The video frames [start, end) that music position `step` sees through a window (eq. 5): what
    the engine passes a windowed layer of the step graph (the same rule as `window_mask`)."""
    if window_s is None:
        return 0, video_frames
    wm, wv = int(round(window_s * music_rate)), int(round(window_s * video_rate))
    seg = min(step // wm, (video_frames - 1) // wv)
    return seg * wv, min(video_frames, (seg + 1) * wv)


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        assert dim % heads == 0, f"dim {dim} not divisible by {heads} heads"
        self.heads, self.dh = heads, dim // heads
        self.q, self.k, self.v, self.o = (nn.Linear(dim, dim, bias=False) for _ in range(4))

    # A single position (the exported step) reshapes with constant shapes and no transposes: in
    # onnxruntime-web every op costs 5-6 µs here (a chain of Adds, steady state), and the shape
    # arithmetic of a dynamic batch (Shape → Gather → Unsqueeze → Concat) was a third of the ops.
    def split(self, x: torch.Tensor) -> torch.Tensor:  # (B, S, D) → (B, H, S, dh)
        if x.shape[1] == 1:
            return x.reshape(-1, self.heads, 1, self.dh)
        B, S, _ = x.shape
        return x.reshape(B, S, self.heads, self.dh).transpose(1, 2)

    def kv(self, src: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Keys transposed, (B, H, dh, S), and values (B, H, S, dh): a cache kept in this layout
        grows along its last axis and is multiplied as it is, with no per-step transpose of the
        whole cache (measured: transposes and splits of the caches outweighed the MatMuls)."""
        if src.shape[1] == 1:
            return self.k(src).reshape(-1, self.heads, self.dh, 1), self.split(self.v(src))
        return self.split(self.k(src)).transpose(2, 3), self.split(self.v(src))

    def attend(self, x: torch.Tensor, kt: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        q = self.split(self.q(x)) * (self.dh ** -0.5)
        w = torch.matmul(q, kt)
        if mask is not None:
            w = w + mask
        return self.merge(torch.matmul(torch.softmax(w, -1), v))

    def merge(self, y: torch.Tensor) -> torch.Tensor:  # (B, H, S, dh) → (B, S, D), output projection
        if y.shape[2] == 1:
            return self.o(y.reshape(-1, 1, self.heads * self.dh))
        B, H, S, dh = y.shape
        return self.o(y.transpose(1, 2).reshape(B, S, H * dh))

    def qkv(self, x: torch.Tensor):
        """Self-attention's q (B, H, S, dh), keys (B, H, dh, S), values (B, H, S, dh). One position:
        one MatMul over the three weights joined (constant-folded in the export), so the int8 graph
        quantises the input once instead of three times."""
        if x.shape[1] == 1:
            D = self.heads * self.dh
            q, k, v = F.linear(x, torch.cat([self.q.weight, self.k.weight, self.v.weight])).split(D, -1)
            return (q.reshape(-1, self.heads, 1, self.dh), k.reshape(-1, self.heads, self.dh, 1),
                    v.reshape(-1, self.heads, 1, self.dh))
        return (self.split(self.q(x)),) + self.kv(x)

    def attend_cached(self, q, past_kt, past_v, kt, v, mask):
        """Self-attention over past and new positions without joining the caches: the scores are
        joined (small: P + S per query), softmaxed, and split again, so a step never copies the
        cache; the caller appends the new keys/values wherever it keeps them. mask: over the new
        positions (causal within the chunk)."""
        q = q * (self.dh ** -0.5)
        w_new = torch.matmul(q, kt)
        if mask is not None:
            w_new = w_new + mask
        S = 1 if q.shape[2] == 1 else q.shape[2]  # counted from the end: constant slices, no arithmetic on P
        if S > 1 and past_kt.shape[-1] == 0:
            # a whole chunk with nothing cached (training, the parity reference): the same softmax
            # without the join — its concatenation, slices and their gradients were a quarter of a
            # CPU training step. The exported step (S = 1) never takes this path.
            return self.merge(torch.matmul(torch.softmax(w_new, -1), v))
        p = torch.softmax(torch.cat([torch.matmul(q, past_kt), w_new], 3), -1)
        return self.merge(torch.matmul(p[..., :-S], past_v) + torch.matmul(p[..., -S:], v))


_CAUSAL: dict = {}


def _causal(S: int, device) -> torch.Tensor:
    """(S, S) additive causal mask, made once per length (every layer of every step asked for it).
    In an ONNX export it is computed from S in the graph, so the prefill graph takes any length."""
    if torch.onnx.is_in_onnx_export():
        i = torch.arange(S, device=device)
        return (i[None, :] > i[:, None]).to(torch.float32) * NEG
    key = (S, str(device))
    if key not in _CAUSAL:
        _CAUSAL[key] = torch.triu(torch.full((S, S), NEG, device=device), 1)
    return _CAUSAL[key]


class DecoderLayer(nn.Module):
    """MaskSA (causal, with cache) → MaskCA (windowed, to the video) → feed-forward, each with a
    residual and LayerNorm: after the sum as in eq. 3 (norm='post'), or before it ('pre')."""

    def __init__(self, dim: int, heads: int, ffn_mult: int, window_s: float | None, norm: str = "post"):
        super().__init__()
        self.window_s, self.pre = window_s, norm == "pre"
        self.sa, self.ca = Attention(dim, heads), Attention(dim, heads)
        self.ffn = nn.Sequential(nn.Linear(dim, dim * ffn_mult), nn.GELU(), nn.Linear(dim * ffn_mult, dim))
        self.n1, self.n2, self.n3 = LayerNorm(dim), LayerNorm(dim), LayerNorm(dim)

    def _res(self, x, norm, f):
        return x + f(norm(x)) if self.pre else norm(x + f(x))

    def forward(self, x, past_k, past_v, cross_k, cross_v, cross_mask):
        """x (B, S, D); past keys (B, H, dh, P), values (B, H, P, dh), with P = 0 or S = 1; cross
        keys (B, H, dh, Tv), values (B, H, Tv, dh). Returns x and the keys/values of the S new
        positions (to be appended to the cache by the caller)."""
        h = self.n1(x) if self.pre else x
        q, k, v = self.sa.qkv(h)
        S = x.shape[1]
        causal = None
        if S > 1:  # a chunk of several positions (training, the parity reference): causal within it
            causal = _causal(S, x.device)
        a = self.sa.attend_cached(q, past_k, past_v, k, v, causal)
        x = x + a if self.pre else self.n1(x + a)
        x = self._res(x, self.n2, lambda y: self.ca.attend(y, cross_k, cross_v, cross_mask))
        x = self._res(x, self.n3, self.ffn)
        return x, k, v
