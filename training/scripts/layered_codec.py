"""codec-v3l: codec-v3's committed checkpoint with the layered closed loop (docs/codec.md "Layered
loop"). The weights, codebooks and decoder are codec-v3's; only the encoder's loop differs, so the
run is derived rather than trained, and git holds no second copy of the weights.

usage: python3 -m training.scripts.layered_codec [--from training/checkpoints/codec-v3-spectral.pt]
       [--run training/runs/codec-v3l] [--search LO,HI,GAIN | --search none]

--search sets the codes' search metric (Codec.search_root: the LO-HI Hz bins counted GAIN times when a
code is chosen); the codes still decode with the same tables and decoder. The default, 30,400,2, is the
shipped pack's encoder since session 24 (training/reports/codec.md); `none` gives the plain search that
music-v5's and music-v6's token sets were made with.
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
    ap.add_argument("--search", default="30,400,2",
                    help="LO,HI,GAIN: choose codes by the log-spectrum error with LO-HI Hz counted GAIN times; none: plain nearest")
    a = ap.parse_args()
    ck = torch.load(a.src, map_location="cpu")
    if ck["config"]["model"]["vq"].get("kind") != "predictive":
        raise SystemExit(f"{a.src}: not a predictive codec (model.vq.kind {ck['config']['model']['vq'].get('kind')!r})")
    ck["config"]["model"]["vq"]["layered"] = True
    if a.search and a.search != "none":
        try:
            lo, hi, gain = (float(v) for v in a.search.split(","))
        except ValueError:
            ap.error(f"--search {a.search!r}: give LO,HI,GAIN (e.g. 30,400,2) or none")
        ck["config"]["model"]["search"] = {"band": [lo, hi], "gain": gain}
    os.makedirs(a.run, exist_ok=True)
    torch.save(ck, os.path.join(a.run, "best.pt"))
    print(f"{a.run}/best.pt: {a.src} (step {ck.get('step')}) with the layered loop"
          + (f", codes searched with {ck['config']['model']['search']}" if "search" in ck["config"]["model"] else ""))


if __name__ == "__main__":
    main()
