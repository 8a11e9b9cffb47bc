"""Held-out figures shared by training validation, the report and the tests."""
from __future__ import annotations

import math

import torch


def si_snr(est: torch.Tensor, ref: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """Scale-invariant SNR in dB per item; (B, 1, T) or (B, T)."""
    est, ref = est.reshape(est.shape[0], -1).double(), ref.reshape(ref.shape[0], -1).double()
    est = est - est.mean(1, keepdim=True)
    ref = ref - ref.mean(1, keepdim=True)
    proj = (est * ref).sum(1, keepdim=True) / (ref.pow(2).sum(1, keepdim=True) + eps) * ref
    noise = est - proj
    return 10 * torch.log10(proj.pow(2).sum(1) / (noise.pow(2).sum(1) + eps) + eps)


def codebook_usage(codes: torch.Tensor, size: int) -> list[dict]:
    """codes (N, K, T) → per codebook: fraction of entries used, perplexity (exp of entropy)."""
    out = []
    for k in range(codes.shape[1]):
        counts = torch.bincount(codes[:, k].reshape(-1), minlength=size).double()
        p = counts / counts.sum()
        ent = -(p[p > 0] * p[p > 0].log()).sum().item()
        out.append({"codebook": k, "used_fraction": float((counts > 0).double().mean()),
                    "perplexity": math.exp(ent)})
    return out
