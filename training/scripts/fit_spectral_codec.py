"""Fit a spectral codec's fixed parts from training audio: no gradient steps.

A codec config with `model.encoder.kind: "spectral"` and `model.decoder.skip: true` has three
things that are fitted here, not trained (training/codec/model.py SpectralEncoder, Decoder.skip):
1. the encoder's principal directions: each token's two STFT frames (1280 points, hop 320) as
   log magnitudes, side by side (1 282 values), their mean and top `latent_dim` directions;
2. the residual quantiser's codebooks: k-means in that space, stage by stage on what the previous
   stages left (4 × 2048 for the MusicGen token interface);
3. the decoder's linear path: least squares from the quantised latents to the frames' log
   magnitudes (what the decoder's head is scored against), with the head zeroed, so the decoder
   starts as exactly that linear map and training adds only what it misses.

Why (training/reports/codec.md, session 14): a linear projection of the spectrum keeps the partials'
positions, which no trained encoder of sessions 5-13 did.

usage: PYTHONPATH=. /usr/bin/python3 -m training.scripts.fit_spectral_codec --config training/configs/codec/v3-spectral.json
       [--manifest M] [--tokens 131072] [--iters 12] [--out training/runs/<run>/init.pt]
Writes a weights-only checkpoint ({"model", "step": 0, "config"}) for `training.codec.train --init-from`.
"""
from __future__ import annotations

import argparse
import os
import time

import torch

from training.codec.builders import build_codec, load_config
from training.codec.dataset import SegmentSampler, load_manifest
from training.codec.losses import FrameLosses
from training.codec.quantizer import PredictiveRVQ


def kmeans(x: torch.Tensor, k: int, iters: int, seed: int = 0, chunk: int = 32768) -> torch.Tensor:
    """Lloyd's k-means, (N, D) → (k, D) centroids; empty clusters re-seeded from random points."""
    g = torch.Generator().manual_seed(seed)
    c = x[torch.randperm(len(x), generator=g)[:k]].clone()
    for _ in range(iters):
        idx = assign(x, c, chunk)
        count = torch.bincount(idx, minlength=k).to(x.dtype)
        total = torch.zeros_like(c).index_add_(0, idx, x)
        empty = count == 0
        fresh = x[torch.randint(len(x), (k,), generator=g)]
        c = torch.where(empty[:, None], fresh, total / count.clamp_min(1)[:, None])
    return c


def assign(x: torch.Tensor, c: torch.Tensor, chunk: int = 32768) -> torch.Tensor:
    """Nearest centroid of each row (chunked: N × k distances do not fit at once)."""
    cc = c.pow(2).sum(1)
    return torch.cat([(cc[None] - 2 * x[i:i + chunk] @ c.t()).argmin(1) for i in range(0, len(x), chunk)])


def token_frames(model, fl: FrameLosses, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Encoder input pairs and the decoder's targets (log |X| + 1e-5, clamped as the head), both
    (B, T, sub·bins), for a batch of segments."""
    with torch.no_grad():
        enc = model.encoder.frames(x)
        X = torch.log(fl.target(x) + 1e-5).clamp(max=6.0)  # (B, bins, S)
        b, bins, s = X.shape
        sub = model.decoder.sub
        tgt = X.transpose(1, 2).reshape(b, s // sub, sub * bins)
        t = min(enc.shape[1], tgt.shape[1])
        return enc[:, :t], tgt[:, :t]


def fit_codebooks(layers, residual: torch.Tensor, iters: int, seed: int, warm: bool = False, log=print) -> None:
    """Residual k-means over (N, D) rows, stage by stage, into the quantiser's layers (warm: start
    each stage from the layer's current codebook)."""
    total = residual.pow(2).sum()
    t0 = time.time()
    for i, layer in enumerate(layers):
        if warm:
            c = layer.embed.clone()
            for _ in range(iters):  # Lloyd steps from the current codebook
                idx = assign(residual, c)
                count = torch.bincount(idx, minlength=len(c)).to(c.dtype)
                tot = torch.zeros_like(c).index_add_(0, idx, residual)
                c = torch.where((count == 0)[:, None], c, tot / count.clamp_min(1)[:, None])
        else:
            c = kmeans(residual, layer.size, iters, seed=seed + i)
        residual = residual - c[assign(residual, c)]
        with torch.no_grad():
            layer.embed.copy_(c); layer.embed_avg.copy_(c)
            layer.cluster_size.fill_(1.0); layer.initted.fill_(True)
        log(f"codebook {i}: residual {float(residual.pow(2).sum() / total):.4f} of its input's energy ({time.time() - t0:.0f} s)")


def fit(cfg: dict, manifest: str, tokens: int, iters: int, log=print) -> torch.nn.Module:
    torch.manual_seed(cfg["seed"])
    model = build_codec(cfg).eval()
    if cfg["model"]["encoder"].get("kind") != "spectral" or not cfg["model"]["decoder"].get("skip"):
        raise SystemExit("fit_spectral_codec: the config needs model.encoder.kind \"spectral\" and "
                         "model.decoder.skip true (configs/codec/v3-spectral.json)")
    d = cfg["data"]
    mcfg = cfg["model"]
    seg = int(round(d["segment_seconds"] * mcfg["sample_rate"] / mcfg["hop"])) * mcfg["hop"]
    notes = d.get("notes")
    sampler = SegmentSampler(load_manifest(manifest, "train"), seg, 32, cfg["seed"] + 17,
                             level_db=tuple(d["level_db"]) if d.get("level_db") else None,
                             tones=float(d.get("tones", 0.0)),
                             notes=load_manifest(notes["manifest"], "train") if notes else None,
                             notes_share=float(notes["share"]) if notes else 0.0)
    dcfg = mcfg["decoder"]
    fl = FrameLosses(dcfg["n_fft"], mcfg["hop"] // dcfg["sub"], mcfg["sample_rate"])
    enc, tgt = [], []
    while sum(len(e) for e in enc) * (enc[0].shape[1] if enc else 1) < tokens:
        e, t = token_frames(model, fl, sampler.batch())
        enc.append(e); tgt.append(t)
    enc, tgt = torch.cat(enc).double(), torch.cat(tgt).double()  # (segments, T, width)
    n_seg, t_len, width = enc.shape
    log(f"{n_seg * t_len} tokens of {width} values")

    # 1. principal directions (on a quarter of the tokens: the directions settle long before)
    flat = enc.reshape(-1, width)
    mean = flat.mean(0)
    _, sv, vt = torch.linalg.svd((flat - mean)[::4], full_matrices=False)
    dim = mcfg["latent_dim"]
    kept = float(sv[:dim].pow(2).sum() / sv.pow(2).sum())
    log(f"principal directions: {dim} keep {kept:.4f} of the variance")
    model.encoder.mean.copy_(mean.float())
    model.encoder.proj.copy_(vt[:dim].float())
    z = ((enc - mean) @ vt[:dim].t()).float()  # (segments, T, D)
    del enc, flat

    # 2. the codebooks: residual k-means; for predictive codes first on the open-loop differences
    #    (each frame against leak × the true previous frame), then refitted on what the closed
    #    loop (against the reconstruction, as the encoder runs) actually leaves to code
    q = model.quantizer
    if isinstance(q, PredictiveRVQ):
        prev = torch.cat([torch.zeros_like(z[:, :1]), z[:, :-1]], 1)
        fit_codebooks(q.layers, (z - q.leak * prev).reshape(-1, dim), iters, cfg["seed"], log=log)
        for _ in range(2):
            with torch.no_grad():
                _, _, r = q.residuals(z.transpose(1, 2))
            fit_codebooks(q.layers, r.transpose(1, 2).reshape(-1, dim), max(2, iters // 3), cfg["seed"], warm=True, log=log)
    else:
        fit_codebooks(q.layers, z.reshape(-1, dim), iters, cfg["seed"], log=log)

    # 3. the decoder's linear path from the quantised latents, and a zero head
    with torch.no_grad():
        zq = q(z.transpose(1, 2))[0].transpose(1, 2).reshape(-1, dim).double()  # (N, D), as the decoder reads them
    tgt = tgt.reshape(-1, tgt.shape[-1])
    zm = zq.mean(0)
    w = torch.linalg.lstsq(zq - zm, tgt - tgt.mean(0), rcond=None).solution  # (D, width)
    fit_err = float(((zq - zm) @ w + tgt.mean(0) - tgt).abs().mean())
    log(f"linear decoder: log-magnitude L1 {fit_err:.3f} on the fitting tokens")
    with torch.no_grad():
        model.decoder.skip_proj.copy_(w.float())
        model.decoder.skip_mean.copy_((tgt.mean(0) - zm @ w).float())
        model.decoder.head.weight.zero_()
        model.decoder.head.bias.zero_()
    return model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--manifest", help="clip manifest (default: the config's)")
    ap.add_argument("--tokens", type=int, default=131072)
    ap.add_argument("--iters", type=int, default=12)
    ap.add_argument("--out", help="checkpoint path (default: <run_dir>/init.pt)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    cfg = load_config(a.config)
    if a.manifest:
        cfg["data"]["manifest"] = a.manifest
    model = fit(cfg, cfg["data"]["manifest"], a.tokens, a.iters, log=lambda m: print(m, flush=True))
    out = a.out or os.path.join(cfg["run_dir"], "init.pt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    torch.save({"model": model.state_dict(), "step": 0, "config": cfg}, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
