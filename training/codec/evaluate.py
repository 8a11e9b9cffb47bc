"""Held-out evaluation of a codec: torch and onnxruntime-node (fp32, int8) decoders on the same
test clips, with the figures the report states."""
from __future__ import annotations

import numpy as np
import torch

from training.export.onnx_export import synthesis_spec
from training.export.ort import ort_decode

from .losses import SpectralLosses
from .metrics import codebook_usage, si_snr


def figures(y: torch.Tensor, x: torch.Tensor, spectral: SpectralLosses) -> dict:
    """Per-clip means over a batch (B, 1, T); the same definitions as the training losses."""
    per = [spectral(y[i:i + 1], x[i:i + 1]) for i in range(len(x))]
    return {"log_mel_l1": float(np.mean([m.item() for m, _ in per])),
            "mr_stft": float(np.mean([s.item() for _, s in per])),
            "si_snr_db": float(si_snr(y, x).mean())}


@torch.no_grad()
def encode_all(model, clips: list[torch.Tensor], batch: int = 8) -> torch.Tensor:
    out = []
    for i in range(0, len(clips), batch):
        out.append(model.encode(torch.stack(clips[i:i + batch])))
    return torch.cat(out)


@torch.no_grad()
def evaluate(model, clips: list[torch.Tensor], sample_rate: int, onnx: dict | None = None,
             onnx_subset: int = 32) -> dict:
    """clips: equal-length (1, T) tensors. onnx: {"fp32": path, "int8": path} decoders to compare
    on the first onnx_subset clips (onnxruntime-node runs out of process, so keep it modest)."""
    spectral = SpectralLosses(sample_rate)
    x = torch.stack(clips)
    codes = encode_all(model, clips)
    ys = torch.cat([model.decode(codes[i:i + 8]) for i in range(0, len(codes), 8)])
    res = {"clips": len(clips), "seconds": len(clips) * x.shape[-1] / sample_rate,
           "torch": figures(ys, x, spectral),
           "usage": codebook_usage(codes, model.codebook_size), "frames": int(codes.shape[0] * codes.shape[2])}
    recon = {"torch": ys}
    if onnx:
        n = min(onnx_subset, len(clips))
        res["subset_clips"] = n
        res["torch_subset"] = figures(ys[:n], x[:n], spectral)
        for name, path in onnx.items():
            outs, _ = ort_decode(path, [codes[i:i + 1].numpy() for i in range(n)], synthesis_spec(model))
            y = torch.from_numpy(np.concatenate(outs))
            res[f"onnx_{name}"] = figures(y, x[:n], spectral)
            recon[name] = y
    return res, recon, codes
