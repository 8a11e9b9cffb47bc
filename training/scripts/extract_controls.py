"""Run the engine's CLI over every split of the clip dataset:
<cache>/clips/<split>/*.wav → <cache>/controls/<split>/<clip id>.*  (skips splits already done).
usage: python3 -m training.scripts.extract_controls [--config training/configs/data/full.json] [--workers N]
(--workers: Node processes sharing each split, one per free core)"""
from __future__ import annotations

import argparse
import json
import os
import sys

from training.data.controls import cli_has_extract, extract_batch, remove_stale


def extract_all(cache: str, log=print, workers: int = 1) -> int:
    """`undertone extract` over <cache>/clips/<split>/ into <cache>/controls/<split>/; 3 without the CLI."""
    if not cli_has_extract():
        print("undertone extract is not available yet (the control-signals issue lands it); "
              "rerun this step once `node bin/undertone.mjs --help` lists it.", file=sys.stderr)
        return 3
    for split in ("test", "valid", "train"):  # small splits first: they are what evaluation needs
        src, dst = os.path.join(cache, "clips", split), os.path.join(cache, "controls", split)
        done = os.path.join(dst, ".done")
        stale = remove_stale(dst)  # written before the engine recognised harmony (version 1)
        if stale:
            log(f"controls: {split}: {stale} files of an older version removed, extracting them again")
            if os.path.exists(done):
                os.remove(done)
        if os.path.exists(done) or not os.path.isdir(src):
            continue
        extract_batch(src, dst, workers)
        open(done, "w").close()
        log(f"controls: {split} done")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--workers", type=int, default=1, help="Node processes per split")
    a = ap.parse_args()
    return extract_all(json.load(open(a.config))["cache_dir"], log=lambda m: print(m, flush=True), workers=a.workers)


if __name__ == "__main__":
    sys.exit(main())
