"""The diagnostic ladder: where is pitch lost? A codec's held-out clips decoded from its first
1, 2 and 4 codebooks (and, for a run without a quantiser, straight from the latents), each scored
by log-mel L1 and a pitch view (chroma cosine on the engine's 4096-point grid, constant-Q log-
magnitude L1). The engine's own round-trip metrics (`undertone compare`) score the WAVs this writes.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .losses import PitchLosses, SpectralLosses


@torch.no_grad()
def decode_first(model, codes: torch.Tensor, n: int) -> torch.Tensor:
    """Decode from codebooks 0..n-1 only (what a quantiser-dropout codec was trained to do)."""
    return model.decoder(model.code_latents(codes[:, :n]))


@torch.no_grad()
def chroma_cosine(pitch: PitchLosses, y: torch.Tensor, x: torch.Tensor) -> float:
    """Mean per-frame cosine over frames within 40 dB of the clip's loudest (unweighted: every
    sounding frame counts the same, as in the engine's metric)."""
    a, b = pitch.chroma_frames(pitch.power(y)), pitch.chroma_frames(pitch.power(x))
    e = b.sum(-1)
    keep = e > e.amax(dim=1, keepdim=True) * 1e-4
    cos = F.cosine_similarity(a, b, dim=-1, eps=1e-12)
    return float(cos[keep].mean())


@torch.no_grad()
def ladder(model, clips: torch.Tensor, batch: int = 4) -> dict:
    """clips (N, 1, T) → {rung: {log_mel_l1, logfreq_l1, chroma_cos}} and the decoded audio."""
    spectral, pitch = SpectralLosses(model.sample_rate), PitchLosses(model.sample_rate, model.hop)
    rungs = {}
    if not hasattr(model.quantizer, "layers"):
        rungs["unquantised"] = lambda x: model(x)[0]
    else:
        for n in sorted({1, 2, model.n_q}):
            rungs[f"{n} codebook{'s' if n > 1 else ''}"] = (
                lambda x, n=n: decode_first(model, model.encode_latents(model.encoder(x)), n))
    out, audio = {}, {}
    for name, fn in rungs.items():
        ys = torch.cat([fn(clips[i:i + batch]).float() for i in range(0, len(clips), batch)])
        mel = [spectral(ys[i:i + 1], clips[i:i + 1])[0].item() for i in range(len(clips))]
        lf = [pitch(ys[i:i + 1], clips[i:i + 1])[0].item() for i in range(len(clips))]
        cc = [chroma_cosine(pitch, ys[i:i + 1], clips[i:i + 1]) for i in range(len(clips))]
        out[name] = {"log_mel_l1": sum(mel) / len(mel), "logfreq_l1": sum(lf) / len(lf),
                     "chroma_cos": sum(cc) / len(cc)}
        audio[name] = ys
    return out, audio
