"""Held-out NLL of a music checkpoint under each condition set, for training/reports/model.md.

    PYTHONPATH=. python3 -m training.scripts.music_report --checkpoint training/checkpoints/music-tokens-s2.pt [--split valid]

Per codebook, nats per token, on the split's clips (the run's `valid_clips` cap, each cropped at its
start, as training validates): every condition given (video and every lane), the video alone (every
lane freed), the lanes alone (video dropped), and nothing — the unconditioned row guidance uses,
i.e. the same weights with every condition dropped (trained so by condition dropout). The twin itself,
trained without any condition (configs/music/tokens-twin.json, training/checkpoints/music-twin.pt), is
read from its "nothing" row. Prints a markdown table and JSON.
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from training.music.train import DATASETS, evaluate, load_weights, to


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--split", default="valid")
    a = ap.parse_args()
    model, ck = load_weights(a.checkpoint)
    cfg = ck["config"]
    data = DATASETS[cfg["data"]["kind"]](cfg["data"], cfg["seed"], a.split)
    batch = to(data.all(), torch.device("cpu"))
    stage = ck["stage"]
    rows = {
        "video and every lane": evaluate(model, batch, stage, "cpu"),
        "video alone (lanes freed)": evaluate(model, batch, stage, "cpu", free_controls=True),
        "lanes alone (video dropped)": evaluate(model, batch, stage, "cpu", video=False),
        "nothing (guidance's unconditioned row)": evaluate(model, batch, stage, "cpu", free_controls=True, video=False),
    }
    print(f"{a.checkpoint}: stage {stage}, step {ck['step']}, {len(data.clips)} {a.split} clips")
    print("| conditions | codebook 0 | 1 | 2 | 3 | mean |\n|---|---|---|---|---|---|")
    for k, v in rows.items():
        print(f"| {k} | " + " | ".join(f"{x:.3f}" for x in v) + f" | {np.mean(v):.3f} |")
    print(json.dumps({k: [round(x, 4) for x in v] for k, v in rows.items()}))


if __name__ == "__main__":
    main()
