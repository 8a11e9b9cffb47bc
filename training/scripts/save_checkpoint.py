"""Weights-only fp16 checkpoint of a run, for git: training/checkpoints/<name>.pt.

A fresh machine resumes from it (`train --init-from`) instead of restarting. Written only when the
run's selection score beats the committed one's, so the file in git is always the best so far.

usage: python3 -m training.scripts.save_checkpoint --run training/runs/codec-v2 [--which best]
       [--out training/checkpoints/codec-v2.pt] [--force]
"""
from __future__ import annotations

import argparse
import os

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/codec-v2")
    ap.add_argument("--which", default="best")
    ap.add_argument("--out", default="training/checkpoints/codec-v2.pt")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--with-disc", action="store_true", help="also the discriminators (once an adversarial phase ran)")
    a = ap.parse_args()
    ck = torch.load(os.path.join(a.run, f"{a.which}.pt"), map_location="cpu")
    score = ck.get("score", ck.get("valid_mel"))
    if os.path.exists(a.out) and not a.force:
        old = torch.load(a.out, map_location="cpu")
        if old.get("score") is not None and score is not None and old["score"] <= score:
            print(f"kept {a.out}: its score {old['score']:.4f} ≤ {score:.4f}")
            return
    # Trained weights in fp16; buffers (fitted codebooks, a spectral encoder's directions, the
    # decoder's linear path) stay fp32: they decide which token a sound gets, and a resumed run
    # must give the same tokens as the data tokenised before it.
    from training.codec.builders import build_codec
    params = {n for n, _ in build_codec(ck["config"]).named_parameters()}
    half = {k: (v.half() if v.is_floating_point() and k in params else v) for k, v in ck["model"].items()}
    out = {"model": half, "step": ck["step"], "score": score, "config": ck["config"]}
    last = os.path.join(a.run, "last.pt")
    if a.with_disc and os.path.exists(last):  # the discriminators too, so an adversarial phase resumes warm
        out["disc"] = {k: (v.half() if v.is_floating_point() else v)
                       for k, v in torch.load(last, map_location="cpu")["disc"].items()}
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    torch.save(out, a.out + ".tmp")
    os.replace(a.out + ".tmp", a.out)
    print(f"wrote {a.out}: step {ck['step']}, score {score}, {os.path.getsize(a.out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
