"""Tiny deterministic clips for tests: sines, a chord, a click track — written like real clips."""
from __future__ import annotations

import json
import os

import numpy as np

from .wavio import write_wav


def synthetic_clips(out_dir: str, sr: int = 32000, seconds: float = 2.0) -> str:
    """Write six clips (two per split) and their manifest; returns the manifest path."""
    os.makedirs(out_dir, exist_ok=True)
    t = np.arange(int(sr * seconds)) / sr
    click = np.zeros_like(t)
    click[:: sr // 2] = 1.0
    click = np.convolve(click, np.exp(-np.arange(400) / 60.0))[: len(t)]
    signals = {
        "sine440": 0.3 * np.sin(2 * np.pi * 440 * t),
        "chord": 0.15 * sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0)),
        "clicks": 0.5 * click,
        "sweep": 0.3 * np.sin(2 * np.pi * (200 * t + 400 * t * t)),
        "am": 0.3 * np.sin(2 * np.pi * 330 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 2 * t)),
        "noise": 0.05 * np.random.default_rng(0).standard_normal(len(t)),
    }
    splits = ["train", "train", "valid", "valid", "test", "test"]
    rows = []
    for (name, x), split in zip(signals.items(), splits):
        path = os.path.join(out_dir, f"{name}.wav")
        write_wav(path, x.astype(np.float32), sr)
        rows.append({"id": name, "path": path, "split": split, "track": name, "source": "synthetic",
                     "package": "test", "start_s": 0.0, "samples": len(t)})
    manifest = os.path.join(out_dir, "manifest.jsonl")
    with open(manifest, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return manifest
