"""The music model's weights-only fp16 checkpoint for git: training/checkpoints/<name>.pt.

The music run writes run_dir/best.pt itself (training/music/train.py: fp16 weights, config, stage,
step, the valid NLL as `score` and which valid clips it was measured on as `valid`). This copies it
over the committed file only when it is better: a later stage, or the same stage with a lower score
on the same valid clips. Scores on other valid clips (the data set was rebuilt) are not comparable:
then it refuses unless --force. A fresh machine resumes from the copy with
`training.music.train --init-from`.

usage: python3 -m training.scripts.save_music_checkpoint [--run training/runs/music-tokens]
       [--out training/checkpoints/music-tokens.pt] [--force]
"""
from __future__ import annotations

import argparse
import os
import shutil

import torch


def better(new: dict, old: dict) -> tuple[bool, str]:
    """Whether checkpoint `new` should replace `old`, and why."""
    if new["stage"] != old["stage"]:
        return new["stage"] > old["stage"], f"stage {new['stage']} vs {old['stage']}"
    if new.get("valid") != old.get("valid"):
        return False, "scored on other valid clips (the data set changed): --force to replace"
    if old.get("score") is None:
        return True, "the committed one has no score"
    return new["score"] < old["score"], f"valid NLL {new['score']:.4f} vs {old['score']:.4f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/music-tokens")
    ap.add_argument("--out", default="training/checkpoints/music-tokens.pt")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    src = os.path.join(a.run, "best.pt")
    new = torch.load(src, map_location="cpu")
    if os.path.exists(a.out) and not a.force:
        ok, why = better(new, torch.load(a.out, map_location="cpu"))
        if not ok:
            print(f"kept {a.out}: {why}")
            return
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    shutil.copyfile(src, a.out + ".tmp")
    os.replace(a.out + ".tmp", a.out)
    print(f"wrote {a.out}: stage {new['stage']}, step {new['step']}, valid NLL {new['score']:.4f}, "
          f"{os.path.getsize(a.out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
