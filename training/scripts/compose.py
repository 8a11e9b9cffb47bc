"""Write and render procedural pieces until the configured hours exist (resumable: finished
pieces are skipped). usage: python3 -m training.scripts.compose --config training/configs/data/full.json
[--kind arcs]: the emotion-arc pieces (composer.draw_arc_spec, config `composer.arcs`), arc_NNNNN.*"""
from __future__ import annotations

import argparse
import json
import os
import random
import time

from training.data.composer import compose, draw_arc_spec, draw_spec
from training.data.render import render_midi
from training.data.wavio import wav_seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--hours", type=float, default=None, help="override composer.hours")
    ap.add_argument("--kind", choices=("pieces", "arcs"), default="pieces")
    args = ap.parse_args()
    cfg = json.load(open(args.config))
    if args.kind == "arcs" and "arcs" not in cfg["composer"]:
        raise SystemExit(f"{args.config}: composer.arcs (hours, piece_seconds, seed) is missing; see configs/data/full.json")
    ccfg = cfg["composer"] if args.kind == "pieces" else {**cfg["composer"], **cfg["composer"]["arcs"]}
    prefix, draw = ("piece", draw_spec) if args.kind == "pieces" else ("arc", draw_arc_spec)
    hours = args.hours if args.hours is not None else ccfg["hours"]
    out = os.path.join(cfg["cache_dir"], "tracks", "composer")
    os.makedirs(out, exist_ok=True)
    total, i, t0 = 0.0, 0, time.time()
    while total < hours * 3600:
        seed = ccfg["seed"] * 1_000_003 + i
        base = os.path.join(out, f"{prefix}_{i:05d}")
        if not os.path.exists(base + ".wav"):
            rng = random.Random(seed)
            spec = draw(rng, seed, rng.uniform(*ccfg["piece_seconds"]))
            compose(spec, base + ".mid", base + ".json")
            render_midi(base + ".mid", base + ".tmp.wav", cfg["soundfont"], cfg["fluidsynth_gain"],
                        cfg["sample_rate"])
            os.replace(base + ".tmp.wav", base + ".wav")  # atomic: a killed job leaves no half file
        total += wav_seconds(base + ".wav")
        i += 1
        if i % 20 == 0:
            print(f"{i} pieces, {total / 3600:.2f} h, {time.time() - t0:.0f} s", flush=True)
    print(f"done: {i} pieces, {total / 3600:.2f} h", flush=True)


if __name__ == "__main__":
    main()
