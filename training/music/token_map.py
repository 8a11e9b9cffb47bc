"""Carry a music model's token weights over to a refitted codec's tokens (config
"transfer": {"token_map": {"old": codec checkpoint, "new": codec checkpoint}}).

Why: a refitted spectral codec (codec-v4 from codec-v3's, training/reports/codec.md "Session 25")
has new codebooks, so code j of the new codec has nothing to do with code j of the old one, and a
model warm-started by index reads every token as a random other one. Its embeddings and heads
would have to be learnt again — 8 192 rows each, the part of the model that 3 000 steps teach least.

Both encoders are linear in the same log-magnitude frames, so the new latents map onto the old ones,
z_old ≈ A z_new + c (training/scripts/transfer_decoder.py `latent_map`). A code's vector is an
innovation of the latent (the predictive quantiser integrates them), so it maps through A alone:
the old-space picture of new code j of codebook k is A·t_new[k, j]. Then
  - the free embedding and the output head of new code j are those of the old code of the same
    codebook nearest to that picture (the token the old model would have written for that frame);
  - the codec_tables projection W (x += W·t[code]) becomes W·A, so W·t_new ≈ W·t_old exactly where
    the nearest-code match is only approximate.
The delay pattern's special token (the last embedding row) is kept as it was.

The nearest code is a weak match for codebooks 1-3: in 128 dimensions 2 048 codes are sparse, and
the picture of a fine code lands far from every old one (its nearest is then some small-norm code:
codec-v3 → codec-v4 uses 928 / 736 / 648 / 608 distinct old codes). Given both codecs' tokens of
the same clips ("tokens": {"old": dir, "new": dir}, tokenize.py's <cache>/tokens/<codec>/), the
match is the data's instead: new code j of codebook k takes the mean of the old embeddings and
head rows over the frames where codebook k wrote j, weighted by how often each old code stood
there (E[emb_old | new code j]); codes the tokens never use keep the nearest-code match.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from training.codec.builders import load_codec


@torch.no_grad()
def nearest_codes(old_tables: torch.Tensor, new_tables: torch.Tensor, a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(K, card) index of the old code nearest each new code's picture A·t_new, per codebook, and
    (K,) the mean distance to it relative to the old code's norm."""
    near, rel = [], []
    for t_old, t_new in zip(old_tables.double(), new_tables.double()):
        pic = t_new @ a.double().t()
        d = torch.cdist(pic, t_old)
        i = d.argmin(1)
        near.append(i)
        rel.append((d.gather(1, i[:, None])[:, 0] / t_old[i].norm(dim=1).clamp_min(1e-9)).mean())
    return torch.stack(near), torch.stack(rel).float()


def cooccurrence(old_codes: np.ndarray, new_codes: np.ndarray, card: int) -> list[torch.Tensor]:
    """Per codebook, (card new, card old) counts of the old code written at the frames where the new
    one was: the two codecs' tokens of the same audio, (K, frames) each."""
    if old_codes.shape != new_codes.shape:
        raise ValueError(f"token_map: the token sets differ in shape {old_codes.shape} vs {new_codes.shape}")
    out = []
    for k in range(old_codes.shape[0]):
        flat = new_codes[k].astype(np.int64) * card + old_codes[k].astype(np.int64)
        out.append(torch.from_numpy(np.bincount(flat, minlength=card * card).reshape(card, card)).double())
    return out


def aligned_tokens(old_dir: str, new_dir: str, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """Both token sets of one split, clip by clip in the same order (tokenize.py's files)."""
    def read(d):
        with open(os.path.join(d, f"{split}.jsonl")) as f:
            ids = [json.loads(l)["id"] for l in f if l.strip()]
        return ids, np.load(os.path.join(d, f"{split}.npy"), mmap_mode="r")
    ids_o, old = read(old_dir)
    ids_n, new = read(new_dir)
    if ids_o != ids_n or old.shape != new.shape:
        raise ValueError(f"token_map: {old_dir} and {new_dir} do not hold the same clips of {split}")
    return np.asarray(old), np.asarray(new)


def mean_rows(rows: torch.Tensor, counts: torch.Tensor, fallback: torch.Tensor) -> torch.Tensor:
    """(card new, ...) Σ_i P(old i | new j) rows[i], or fallback[j] where new code j never occurs."""
    n = counts.sum(1, keepdim=True)
    mean = (counts / n.clamp_min(1)) @ rows.double()
    return torch.where(n > 0, mean, fallback.double()).to(rows.dtype)


@torch.no_grad()
def remap_state(state: dict, old_codec: str, new_codec: str, tokens: dict | None = None, log=print) -> dict:
    """A copy of a music model's state dict with emb.k, heads_out.k and codec_proj moved from the old
    codec's tokens to the new one's (the module docstring). Other tensors are returned as they are."""
    from training.scripts.transfer_decoder import latent_map
    old, _ = load_codec(old_codec)
    new, _ = load_codec(new_codec)
    a, _ = latent_map(old, new)
    t_old, t_new = old.code_tables().float(), new.code_tables().float()
    if t_old.shape != t_new.shape:
        raise ValueError(f"token_map: {old_codec} has tables {tuple(t_old.shape)}, {new_codec} {tuple(t_new.shape)}")
    near, rel = nearest_codes(t_old, t_new, a)
    out = dict(state)
    K, card = near.shape
    counts = cooccurrence(*aligned_tokens(tokens["old"], tokens["new"]), card) if tokens else None
    for k in range(K):
        for name, extra in ((f"emb.{k}.weight", True), (f"heads_out.{k}.weight", False)):
            if name not in state:
                continue
            w = state[name]
            rows = w[near[k]] if counts is None else mean_rows(w[:card], counts[k], w[near[k]])
            out[name] = torch.cat([rows, w[card:]]) if extra else rows.clone()  # + the special token's row
    if "codec_proj.weight" in state:
        out["codec_proj.weight"] = state["codec_proj.weight"].float() @ a
    used = [int(near[k].unique().numel()) for k in range(K)]
    log(f"token_map {old_codec} -> {new_codec}: distinct old codes per codebook {used} of {card}; "
        f"mean distance to the nearest old code / its norm {[round(float(r), 3) for r in rel]}")
    if counts is not None:
        seen = [int((c.sum(1) > 0).sum()) for c in counts]
        # how sharp the data's match is: the share of a new code's frames its commonest old code takes
        sharp = [round(float((c.max(1).values.sum() / c.sum())), 3) for c in counts]
        log(f"token_map from the tokens: new codes seen {seen} of {card}; commonest old code's share {sharp}")
    return out
