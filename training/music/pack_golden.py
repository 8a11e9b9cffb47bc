"""Golden values of the tiny random pack, from the torch full forward (the reference the ONNX step
must match, issue 11): given inputs (video descriptors, controls, ensemble, a delayed token
sequence) and, for the first steps of the guidance batch, a summary of each codebook's logits.
The engine's test (test/generate/step-golden.test.ts) feeds the same inputs through the pack's
graphs token by token with its KV cache and compares.

Whole logits would be 2 × 4 × 2048 floats a step; the argmax, the max, the log-sum-exp and the
values at a few fixed codes pin them down as well for a test, in a few kilobytes of JSON.
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from .controls import CONTROL_SPEC, ENSEMBLE_DIM, TIME_CONTROLS
from .model import MusicModel

FRAMES = 160          # 3.2 s of music, Tv = 32 video frames: every window (5, 3, 2 s) moves to its next segment
# steps summarised: the first ones, and those around the 2 s (step 100) and 3 s (150) segment
# boundaries and the delay pattern's tail, where windowed layers see other video frames
STEPS = [0, 1, 2, 3, 4, 5, 99, 100, 101, 149, 150, 151, 162]
PROBES = [0, 1, 7, 100, 1000, 2047]


def golden_inputs(seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    T, Tv = FRAMES, -(-FRAMES // 5)
    # float64 rounded to 3 decimals: short in JSON, and the same float32 on both sides once read
    r = lambda *shape, lo=0.0, hi=1.0: np.round(rng.uniform(lo, hi, shape), 3)
    controls = {}
    for n in TIME_CONTROLS:
        dim = CONTROL_SPEC[n][0]
        values = r(T, dim, lo=-30.0, hi=-5.0) if n == "intensity" else r(T, dim, lo=-1.0 if n == "emotion" else 0.0)
        mask = (rng.random((T, dim)) < 0.7).astype(np.float32)
        controls[n] = {"values": (values * mask).ravel().tolist(), "mask": mask.ravel().tolist()}
    # the ensemble as the studio's chooser sends it: families chosen, every family instructed
    ens_mask = np.ones(ENSEMBLE_DIM, np.float32)
    return {
        "frames": T, "video_frames": Tv,
        "frame": r(Tv, 17).ravel().tolist(), "context": r(Tv, 10).ravel().tolist(), "patch": r(Tv, 16, 7).ravel().tolist(),
        "controls": controls,
        "ensemble": {"values": ((rng.random(ENSEMBLE_DIM) < 0.3) * ens_mask).astype(np.float32).tolist(), "mask": ens_mask.tolist()},
        "codes": rng.integers(0, 2048, (4, T)).tolist(),
    }


def _batch(inp: dict):
    """Row 0 conditioned, row 1 the unconditioned row of guidance (video_mask 0, every mask 0)."""
    T, Tv = inp["frames"], inp["video_frames"]
    f = lambda key, shape: torch.tensor(inp[key], dtype=torch.float32).reshape(shape)[None].repeat(2, *([1] * len(shape)))
    frame, context, patch = f("frame", (Tv, 17)), f("context", (Tv, 10)), f("patch", (Tv, 16, 7))
    controls = {}
    for n in TIME_CONTROLS:
        dim = CONTROL_SPEC[n][0]
        v = torch.tensor(inp["controls"][n]["values"]).reshape(T, dim)
        m = torch.tensor(inp["controls"][n]["mask"]).reshape(T, dim)
        controls[n] = (torch.stack([v, torch.zeros_like(v)]), torch.stack([m, torch.zeros_like(m)]))
    ev, em = torch.tensor(inp["ensemble"]["values"]), torch.tensor(inp["ensemble"]["mask"])
    controls["ensemble"] = (torch.stack([ev, torch.zeros_like(ev)]), torch.stack([em, torch.zeros_like(em)]))
    return frame, context, patch, torch.tensor([1.0, 0.0]), controls


def golden(model: MusicModel, inp: dict) -> dict:
    frame, context, patch, video_mask, controls = _batch(inp)
    codes = torch.tensor(inp["codes"])[None].repeat(2, 1, 1)
    seq = model.pattern.build(codes)
    with torch.no_grad():
        logits = model(seq, frame, context, patch, video_mask, controls)  # (B, K, S, card)
    steps = []
    for s in STEPS:
        rows = []
        for b in range(2):
            books = []
            for k in range(4):
                l = logits[b, k, s].double()
                books.append({"argmax": int(l.argmax()), "max": float(l.max()), "lse": float(torch.logsumexp(l, 0)),
                              "probes": [float(l[i]) for i in PROBES]})
            rows.append(books)
        steps.append(rows)
    return {"sequence": seq[0].tolist(), "probes": PROBES, "at": STEPS, "steps": steps}


def write_golden(model: MusicModel, out_dir: str) -> str:
    inp = golden_inputs()
    out = {"_what": "torch full forward of this pack's model on these inputs (training/music/pack_golden.py); "
                    "steps[i][row][codebook] at step at[i]: row 0 conditioned, row 1 unconditioned (video_mask 0, every mask 0); "
                    "sequence is the delayed token sequence (K x S), the step reads step s-1 (all special at s = 0)",
           "inputs": inp, **golden(model, inp)}
    path = os.path.join(out_dir, "golden.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    return path
