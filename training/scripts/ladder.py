"""Score runs on the held-out renders (training/scripts/heldout_renders.py) rung by rung.

usage: python3 -m training.scripts.ladder --runs training/runs/abl-v1 training/runs/abl-v2 ...
       [--which best|last] [--clips 16] [--seconds 4] [--out training/.cache/ladder.json] [--wavs DIR]
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch

from training.codec.builders import load_codec
from training.codec.ladder import ladder
from training.data.wavio import read_wav, write_wav


def load_clips(manifest: str, n: int, seconds: float, sr: int = 32000) -> tuple[torch.Tensor, list[dict]]:
    rows = [json.loads(l) for l in open(manifest)]
    # alternate soundfonts so both halves are represented whatever n is
    rows.sort(key=lambda r: (r["piece"], r["path"]))
    by_sf: dict[str, list] = {}
    for r in rows:
        by_sf.setdefault(r["soundfont"], []).append(r)
    picked = [r for group in zip(*by_sf.values()) for r in group][:n]
    length = int(seconds * sr) // 640 * 640
    x = np.stack([read_wav(r["path"])[0][:length] for r in picked]).astype(np.float32)
    return torch.from_numpy(x)[:, None], picked


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--which", default="best")
    ap.add_argument("--manifest", default="training/.cache/heldout/manifest.jsonl")
    ap.add_argument("--clips", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--out", default="training/.cache/ladder.json")
    ap.add_argument("--wavs", help="write decoded clips here (for `undertone compare`)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    clips, rows = load_clips(a.manifest, a.clips, a.seconds)
    results = json.load(open(a.out)) if os.path.exists(a.out) else {}
    for run in a.runs:
        model, cfg = load_codec(run, a.which)
        step = torch.load(os.path.join(run, f"{a.which}.pt"), map_location="cpu").get("step")
        res, audio = ladder(model, clips)  # fp32: bf16 is 30x slower on CPUs without AVX512-BF16
        name = os.path.basename(os.path.normpath(run))
        results[name] = {"step": step, **res}
        print(name, step, json.dumps(res), flush=True)
        if a.wavs:
            for rung, ys in audio.items():
                d = os.path.join(a.wavs, name, rung.replace(" ", "_"))
                os.makedirs(d, exist_ok=True)
                for r, y in zip(rows, ys):
                    write_wav(os.path.join(d, os.path.basename(r["path"])), y[0].numpy(), 32000)
    json.dump(results, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
