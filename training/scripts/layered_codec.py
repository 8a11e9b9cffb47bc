"""codec-v3l: codec-v3's committed checkpoint with the layered closed loop (docs/codec.md "Layered
loop"). The weights, codebooks and decoder are codec-v3's; only the encoder's loop differs, so the
run is derived rather than trained, and git holds no second copy of the weights.

usage: python3 -m training.scripts.layered_codec [--from training/checkpoints/codec-v3-spectral.pt]
       [--run training/runs/codec-v3l]
then: build_music_data --codec-run training/runs/codec-v3l; export_codec --run training/runs/codec-v3l
      --which best --pack public/models/codec-v3l
"""
from __future__ import annotations

import argparse
import os

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src", default="training/checkpoints/codec-v3-spectral.pt")
    ap.add_argument("--run", default="training/runs/codec-v3l")
    a = ap.parse_args()
    ck = torch.load(a.src, map_location="cpu")
    if ck["config"]["model"]["vq"].get("kind") != "predictive":
        raise SystemExit(f"{a.src}: not a predictive codec (model.vq.kind {ck['config']['model']['vq'].get('kind')!r})")
    ck["config"]["model"]["vq"]["layered"] = True
    os.makedirs(a.run, exist_ok=True)
    torch.save(ck, os.path.join(a.run, "best.pt"))
    print(f"{a.run}/best.pt: {a.src} (step {ck.get('step')}) with the layered loop")


if __name__ == "__main__":
    main()
