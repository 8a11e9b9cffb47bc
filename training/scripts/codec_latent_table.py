"""The codec's latents as an evaluation feature (issue 14's Fréchet proxy over "codec latents").

codec-v2's quantised latent of a frame is the sum of its four codes' vectors as they enter the
decoder (`FactorizedCodebook.table`: out_proj(codebook), 128 dims). `npm run eval` has the codes
(the take's own, and the reference clips' through the pack's encoder), so it needs only these
tables — projected onto the 16 principal directions of the training split's latents (a fixed
basis, so runs compare; 16 dims keep a Fréchet distance well-posed with a few hundred seconds):

    eval/codec-latents-<codec>.json: {codec, checkpoint, dims, frames_fitted, explained,
                                      mean: [128], tables: [K][2048][16] (already centred and projected)}

A frame's feature is Σ_k tables[k][code_k]; the eval averages it over each second.

    python3 -m training.scripts.codec_latent_table [--checkpoint training/checkpoints/codec-v2-640.pt]
        [--codec codec-v2] [--cache training/.cache] [--dims 16] [--frames 200000]
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch

from training.codec.builders import load_codec


def tables_of(checkpoint: str) -> tuple[list[np.ndarray], np.ndarray | None]:
    """Each codebook's vectors as they enter the decoder, and for predictive codes (codec-v3,
    quantizer.PredictiveRVQ) the integration kernel (leak^k, oldest first), else None."""
    model, _ = load_codec(checkpoint)
    model.float()
    with torch.no_grad():
        tables = [layer.table().numpy().astype(np.float64) for layer in model.quantizer.layers]
    kernel = getattr(model.quantizer, "kernel", None)
    return tables, (kernel.numpy().astype(np.float64) if kernel is not None else None)


def latents(tables: list[np.ndarray], codes: np.ndarray, kernel: np.ndarray | None) -> np.ndarray:
    """(frames, D) latents of consecutive codes (K, frames): the codes' vectors summed, and for
    predictive codes integrated through the causal kernel as the decoder does."""
    q = sum(tables[k][codes[k]] for k in range(len(tables)))
    if kernel is None:
        return q
    from scipy.signal import lfilter
    return lfilter(kernel[::-1], [1.0], q, axis=0)  # ẑ[t] = Σ_j leak^j q[t−j], j < taps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", default="training/checkpoints/codec-v2-640.pt")
    ap.add_argument("--codec", default="codec-v2")
    ap.add_argument("--cache", default="training/.cache")
    ap.add_argument("--dims", type=int, default=16)
    ap.add_argument("--frames", type=int, default=200_000)
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    tables, kernel = tables_of(a.checkpoint)
    codes = np.load(os.path.join(a.cache, "tokens", a.codec, "train.npy"), mmap_mode="r")  # (K, frames)
    rng = np.random.default_rng(0)
    if kernel is None:
        pick = np.sort(rng.choice(codes.shape[1], size=min(a.frames, codes.shape[1]), replace=False))
        z = latents(tables, np.asarray(codes[:, pick]).astype(np.int64), None)  # (n, D)
    else:
        # predictive codes mean something only in sequence: one contiguous stretch, integrated
        # (the few clip joins in it blur a frame's latent for taps frames, noise for a 16-d basis)
        start = int(rng.integers(0, max(1, codes.shape[1] - a.frames)))
        pick = np.arange(start, min(codes.shape[1], start + a.frames))
        z = latents(tables, np.asarray(codes[:, pick]).astype(np.int64), kernel)
        # the eval averages Σ_k table_k[code] over a second; a second's mean latent is that mean
        # times the kernel's sum (away from the second's edges), so the tables carry the gain
        tables = [t * kernel.sum() for t in tables]
    mean = z.mean(0)
    _, s, vt = np.linalg.svd(z - mean, full_matrices=False)
    basis = vt[: a.dims]  # (dims, 128)
    explained = float((s[: a.dims] ** 2).sum() / (s ** 2).sum())
    # Σ_k (T_k[c] − mean/K) · basisᵀ = (z − mean) · basisᵀ: each table carries its share of the centring
    K = len(tables)
    projected = [((t - mean / K) @ basis.T).astype(np.float32) for t in tables]
    out = a.out or os.path.join("eval", f"codec-latents-{a.codec}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"codec": a.codec, "checkpoint": os.path.basename(a.checkpoint), "dims": a.dims, "frames_fitted": int(len(pick)),
                   "explained": round(explained, 4),
                   "tables": [[[round(float(x), 5) for x in row] for row in t] for t in projected]}, f, separators=(",", ":"))
    print(json.dumps({"out": out, "bytes": os.path.getsize(out), "explained": explained}))


if __name__ == "__main__":
    main()
