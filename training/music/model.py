"""The music model (paper §3.3, §3.5): video encoder (VFA + FGFS) → PTAA decoder of 4D-blocks over
the delayed codebook sequence, plus stage 2's condition encoder (projections + DCF) and CGD.

One `decode` serves the full sequence (training; the parity reference) and a single step with an
explicit KV cache (the ONNX step graph), so the two cannot drift. Attention layers, in the order
of the caches (one past/present pair each) and of the stacked cross-attention keys: per block its first layer, (stage 2) the CGD clone of it, its other three.
"""
from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import nn

from .controls import ConditionEncoder, pad_frames
from .delay import DelayPattern
from .layers import DecoderLayer, LayerNorm, sinusoid, window_mask
from .video import VideoEncoder

WINDOWS = (None, 5.0, 3.0, 2.0)  # seconds; None = ∞ (the first layer of every 4D-block)


class CGD(nn.Module):
    """Control-Guided Decoder (eq. 10): M_c = F(x; Θ) + L2(F(x + L1(C); Θ_c)), with Θ_c a trainable
    copy of the block's first layer and L1, L2 zero-initialised D → D linears (so stage 2 starts
    exactly at the stage-1 model)."""

    def __init__(self, first: DecoderLayer, dim: int):
        super().__init__()
        self.clone = copy.deepcopy(first)
        for p in self.clone.parameters():
            p.requires_grad_(True)
        self.l1, self.l2 = nn.Linear(dim, dim), nn.Linear(dim, dim)
        for lin in (self.l1, self.l2):
            nn.init.zeros_(lin.weight)
            nn.init.zeros_(lin.bias)

    def forward(self, frozen_out, x, control, past_k, past_v, cross_k, cross_v, mask):
        y, k, v = self.clone(x + self.l1(control), past_k, past_v, cross_k, cross_v, mask)
        return frozen_out + self.l2(y), k, v


class FourDBlock(nn.Module):
    def __init__(self, dim, heads, ffn_mult, norm):
        super().__init__()
        self.layers = nn.ModuleList(DecoderLayer(dim, heads, ffn_mult, w, norm) for w in WINDOWS)
        self.cgd: CGD | None = None


def codec_tables(checkpoint: str, n_q: int, card: int) -> torch.Tensor:
    """(K, card + 1, D) each code's vector as the codec's decoder reads it (`Codec.code_tables`),
    with a zero row for the delay pattern's special token."""
    from training.codec.builders import load_codec
    codec, _ = load_codec(checkpoint)
    with torch.no_grad():
        tables = codec.code_tables().float()
    if tuple(tables.shape[:2]) != (n_q, card):
        raise ValueError(f"{checkpoint}: {tables.shape[0]} codebooks of {tables.shape[1]} codes, the model has {n_q} of {card}")
    return torch.cat([tables, tables.new_zeros(n_q, 1, tables.shape[2])], 1)


class MusicModel(nn.Module):
    def __init__(self, m: dict):
        super().__init__()
        self.dim, self.heads = m["dim"], m["heads"]
        self.music_rate, self.video_rate = m.get("frame_rate", 50), m.get("video_fps", 10)
        self.pattern = DelayPattern(m.get("codebooks", 4), m.get("codebook_size", 2048))
        K, card = self.pattern.n_q, self.pattern.card
        self.video = VideoEncoder(m["video_dim"], self.dim, m["video_heads"], m["video_layers"])
        self.emb = nn.ModuleList(nn.Embedding(card + 1, self.dim) for _ in range(K))  # + special
        self.blocks = nn.ModuleList(FourDBlock(self.dim, self.heads, m["ffn_mult"], m.get("norm", "post"))
                                    for _ in range(m["blocks"]))
        self.out_norm = LayerNorm(self.dim) if m.get("norm", "post") == "pre" else nn.Identity()
        self.heads_out = nn.ModuleList(nn.Linear(self.dim, card, bias=False) for _ in range(K))
        self.dcf_patch = m.get("dcf_patch", 50)
        self.conditions: ConditionEncoder | None = None
        # Predictive codes (codec-v3) are innovations: the spectrum at a frame is the codes of the
        # last ~28 frames integrated (ẑ[t] = Σ leak^j q[t−j]), which a small transformer has to
        # rebuild through attention. integrate_inputs {"leak", "taps"} hands it that sum: each
        # position's input adds gain ⊙ Σ_{1≤j<taps} leak^j · (its embeddings j positions back).
        # With taps longer than any chunk the sum is the IIR h[s] = leak·h[s−1] + e[s] from the
        # chunk's start, and a chunk that continues another takes the state h before it (`decode`'s
        # `integ`; `integ_out` after it): what a cached step carries (export.py: `integ` in, `integ_out` out).
        # codec_tables {"checkpoint"}: each token also enters as a learned map of its codec vector,
        # x += W · Σ_k table_k[code_k] (tables fixed, from the codec's quantiser; W learned, zero at
        # start so a warm start is unchanged). With integrate_inputs the running sum then holds
        # W·ẑ, the codec's own latent (the spectrum the decoder will draw) — the level and the
        # partials a free embedding of 8 192 codes has to discover. Folded into the embeddings at
        # export (`fold_codec_tables`): the step graph is unchanged.
        self.codec_proj: nn.Linear | None = None
        ct = m.get("codec_tables")
        if ct:
            tables = codec_tables(ct["checkpoint"], K, card)
            self.register_buffer("codec_table", tables, persistent=False)
            self.codec_proj = nn.Linear(tables.shape[-1], self.dim, bias=False)
            nn.init.zeros_(self.codec_proj.weight)
        integ = m.get("integrate_inputs")
        self.integ_taps = int(integ.get("taps", 28)) if integ else 0
        self.integ_leak = float(integ.get("leak", 0.8)) if integ else 0.0
        self.integ_out: torch.Tensor | None = None
        if integ:
            k = torch.tensor([self.integ_leak ** j for j in range(self.integ_taps - 1, 0, -1)] + [0.0])
            self.register_buffer("integ_kernel", k.repeat(self.dim, 1, 1), persistent=False)  # oldest first; j = 0 excluded
            self.integ_gain = nn.Parameter(torch.ones(self.dim))

    @torch.no_grad()
    def fold_codec_tables(self) -> None:
        """codec_tables into the embeddings (emb_k += table_k Wᵀ) and the map dropped: the same
        function, with the exported graphs' plain embedding lookups."""
        if self.codec_proj is None:
            return
        for k, e in enumerate(self.emb):
            e.weight += self.codec_table[k] @ self.codec_proj.weight.t()
        self.codec_proj = None
        del self.codec_table

    # ---- stage 2
    def add_controls(self) -> None:
        """Stage 2: freeze everything there is, then add the condition encoder and one CGD per block."""
        for p in self.parameters():
            p.requires_grad_(False)
        self.conditions = ConditionEncoder(self.dim, self.dcf_patch)
        for b in self.blocks:
            b.cgd = CGD(b.layers[0], self.dim)

    @property
    def has_controls(self) -> bool:
        return self.conditions is not None

    def windows(self) -> list[float | None]:
        """Each attention layer's cross-attention window in seconds (None = ∞), in cache order."""
        return [layer.window_s for layer in self.attention_layers()]

    def attention_layers(self) -> list[DecoderLayer]:
        out = []
        for b in self.blocks:
            out += [b.layers[0]] + ([b.cgd.clone] if b.cgd is not None else []) + list(b.layers[1:])
        return out

    # ---- encoders
    def cross_kv(self, memory: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """(B, Tv, D) → per attention layer the cross-attention keys (B, H, dh, Tv) and values
        (B, H, Tv, dh), once per clip."""
        return [layer.ca.kv(memory) for layer in self.attention_layers()]

    def control_rows(self, controls: dict, steps: int) -> torch.Tensor:
        """Condition encoder over T frames → (B, steps, D): position s reads frame min(s, T-1)."""
        T = controls["rhythm"][0].shape[1]
        padded = {n: (v, m) if n == "ensemble" else (pad_frames(v, self.dcf_patch), pad_frames(m, self.dcf_patch))
                  for n, (v, m) in controls.items()}
        c = self.conditions(padded)[:, :T]
        idx = torch.clamp(torch.arange(steps, device=c.device), max=T - 1)
        return c[:, idx]

    def empty_cache(self, batch: int, device=None) -> list[tuple[torch.Tensor, torch.Tensor]]:
        dh = self.dim // self.heads
        k, v = torch.zeros(batch, self.heads, dh, 0, device=device), torch.zeros(batch, self.heads, 0, dh, device=device)
        return [(k, v) for _ in self.attention_layers()]

    @staticmethod
    def append(cache, new):
        """Cache + a step's new keys/values (keys along their last axis, values along time)."""
        return [(torch.cat([pk, nk], 3), torch.cat([pv, nv], 2)) for (pk, pv), (nk, nv) in zip(cache, new)]

    # ---- decoder
    def integrate(self, e: torch.Tensor, h0: torch.Tensor | None = None) -> torch.Tensor:
        """integrate_inputs on a chunk's summed embeddings e (B, S, D), given the state h0 (B, D)
        before it (None: zeros, a chunk from the start): e + gain ⊙ (leak·h[s−1]), with h the
        chunk's running leaky sum; sets `integ_out` to h at the chunk's last position."""
        B, S, D = e.shape
        if S > self.integ_taps and h0 is not None:
            raise ValueError(f"integrate_inputs: a chunk of {S} positions continuing a state needs taps ≥ {S} (has {self.integ_taps})")
        # Σ_{1≤j<taps} leak^j e[s−j] inside the chunk, then what the state before it adds: leak^(s+1) h0.
        # A single step (the exported step graph) has nothing before it in the chunk: no conv there.
        if S == 1:
            prev = torch.zeros_like(e)
        else:
            prev = F.conv1d(F.pad(e.transpose(1, 2), (self.integ_taps - 1, 0)), self.integ_kernel.to(e.dtype),
                            groups=D).transpose(1, 2)
        if h0 is not None:
            decay = self.integ_leak ** torch.arange(1, S + 1, device=e.device, dtype=e.dtype)
            prev = prev + decay[None, :, None] * h0[:, None, :].to(e.dtype)
        self.integ_out = e[:, -1] + prev[:, -1]
        return e + self.integ_gain * prev

    def decode(self, tokens, prefix, start, control, cross, past, windowed_cross: bool = False, last_only: bool = False,
               integ: torch.Tensor | None = None):
        """tokens (B, K, S) int64 model inputs (DelayPattern.shift_in); prefix (B, D) is added at the
        chunk's first position (zeros unless the chunk starts at step 0); start (1,) int64 the
        chunk's first step; control (B, S, D) or None; cross: per attention layer (keys (B, H, dh, Tv),
        values (B, H, Tv, dh)); past: per attention layer (keys (B, H, dh, P), values (B, H, P, dh)),
        P = 0 or S = 1. → logits (B, K, S, card), new: per layer the S new positions' (keys, values),
        which the caller appends to its cache (`append`). windowed_cross: a windowed layer's cross
        keys/values are already cut to the frames its window lets this position see
        (`layers.window_frames`; the exported step), so no mask is applied. last_only: logits of the
        last position only (B, K, 1, card): the prefill graph, whose other positions' heads are unused.
        integ: with integrate_inputs, the inputs' running sum before this chunk (B, D) (None: zeros);
        the sum after it is left in `integ_out`."""
        B, K, S = tokens.shape
        x = sum(self.emb[k](tokens[:, k]) for k in range(K))
        if self.codec_proj is not None:
            x = x + self.codec_proj(sum(F.embedding(tokens[:, k], self.codec_table[k]) for k in range(K)))
        if self.integ_taps:
            x = self.integrate(x, integ)
        first = (torch.arange(S, device=x.device) == 0).to(x.dtype)
        positions = start + torch.arange(S, device=x.device)
        x = x + prefix[:, None, :] * first[None, :, None] + sinusoid(positions, self.dim)
        if windowed_cross:
            masks = {w: None for w in WINDOWS}
        else:
            video_index = torch.ones_like(cross[0][1][0, 0, :, 0], dtype=torch.long).cumsum(0) - 1
            masks = {w: window_mask(positions, video_index, w, self.music_rate, self.video_rate) for w in WINDOWS}
        present, i = [], 0
        for block in self.blocks:
            for j, layer in enumerate(block.layers):
                x_in = x
                x, k, v = layer(x, past[i][0], past[i][1], cross[i][0], cross[i][1], masks[layer.window_s])
                present.append((k, v))
                i += 1
                if j == 0 and block.cgd is not None:
                    x, k, v = block.cgd(x, x_in, control, past[i][0], past[i][1], cross[i][0], cross[i][1], masks[None])
                    present.append((k, v))
                    i += 1
        x = self.out_norm(x[:, -1:] if last_only else x)
        if self.training:
            # one matmul over the heads' stacked weights, viewed as (B, K, S, card) without a copy:
            # stacking four (B, S, 2048) outputs copied ~100 MB a step (batch 8 x 8 s) on the CPU
            w = torch.cat([h.weight for h in self.heads_out])
            logits = (x @ w.t()).view(B, S, K, -1).transpose(1, 2)
        else:
            logits = torch.stack([h(x) for h in self.heads_out], 1)
        return logits, present

    def forward(self, seq, frame, context, patch, video_mask, controls=None):
        """Teacher-forced full sequence: seq (B, K, S) the delayed codes → logits (B, K, S, card)."""
        B, K, S = seq.shape
        prefix, memory = self.video(frame, context, patch, video_mask)
        control = self.control_rows(controls, S) if self.has_controls else None
        start = torch.zeros(1, dtype=torch.long, device=seq.device)
        logits, _ = self.decode(self.pattern.shift_in(seq), prefix, start, control, self.cross_kv(memory),
                                self.empty_cache(B, seq.device))
        return logits

    def loss(self, logits: torch.Tensor, seq: torch.Tensor) -> tuple[torch.Tensor, list[float]]:
        """Cross-entropy over the slots that hold a frame; also per codebook (nats).

        Scored over every slot at once, the empty ones masked, then a mean per codebook: slicing the
        (B, K, S, 2048) logits per codebook made backward zero-fill and add a full-size gradient once
        per slice and per index, ~40 % of a CPU training step at batch 8 x 8 s. log_softmax and gather
        work along the last axis whatever the layout, so training's fused heads (a transposed view)
        are scored without a copy."""
        b, _, s_, card = logits.shape
        valid = self.pattern.valid(s_, seq.device)
        logp = logits.float().log_softmax(-1)
        nll = -logp.gather(-1, seq.clamp(max=card - 1).unsqueeze(-1)).squeeze(-1) * valid
        per = nll.sum((0, 2)) / (b * valid.sum(1))
        total = per.mean()
        return total, [float(p) for p in per]
