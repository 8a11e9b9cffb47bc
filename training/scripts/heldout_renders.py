"""Held-out MIDI renders for judging a codec: composer pieces from a seed range training never
draws, rendered in the training soundfont (FluidR3_GM: unseen notes) and in one the codec never
heard (TimGM6mb, Debian package timgm6mb-soundfont: unseen notes and unseen sounds), cut into
10 s clips normalised like the training clips.

usage: python3 -m training.scripts.heldout_renders [--pieces 8] [--out training/.cache/heldout]
Writes <out>/<soundfont>/*.wav and <out>/manifest.jsonl (path, soundfont, piece, samples).
"""
from __future__ import annotations

import argparse
import json
import os
import random

import numpy as np

from training.data.clips import normalise
from training.data.composer import compose, draw_spec
from training.data.render import render_midi
from training.data.wavio import read_wav, write_wav

SOUNDFONTS = {"fluidr3": "/usr/share/sounds/sf2/FluidR3_GM.sf2",
              "timgm6mb": "/usr/share/sounds/sf2/TimGM6mb.sf2"}
SEED_BASE = 99_000_017  # training's composer uses seed*1_000_003 + i with seed 7: far from here


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pieces", type=int, default=8)
    ap.add_argument("--clips-per-piece", type=int, default=3)
    ap.add_argument("--out", default="training/.cache/heldout")
    a = ap.parse_args()
    sr, rows = 32000, []
    os.makedirs(os.path.join(a.out, "midi"), exist_ok=True)
    for i in range(a.pieces):
        seed = SEED_BASE + i
        rng = random.Random(seed)
        spec = draw_spec(rng, seed, 40.0)
        mid = os.path.join(a.out, "midi", f"piece_{i:03d}.mid")
        compose(spec, mid, mid[:-4] + ".json")
        for sf, path in SOUNDFONTS.items():
            if not os.path.exists(path):
                print(f"skip {sf}: {path} missing (apt-get install timgm6mb-soundfont)")
                continue
            d = os.path.join(a.out, sf)
            os.makedirs(d, exist_ok=True)
            full = os.path.join(d, f"piece_{i:03d}.full.wav")
            render_midi(mid, full, path, 0.4, sr)
            x = normalise(read_wav(full)[0], sr, -20.0, -50.0)
            os.remove(full)
            for c in range(a.clips_per_piece):
                start = int((2 + 12 * c) * sr)
                clip = x[start:start + 10 * sr]
                if len(clip) < 10 * sr:
                    break
                p = os.path.join(d, f"piece_{i:03d}_{c}.wav")
                write_wav(p, clip.astype(np.float32), sr)
                rows.append({"path": p, "soundfont": sf, "piece": i, "samples": len(clip)})
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{len(rows)} clips")


if __name__ == "__main__":
    main()
