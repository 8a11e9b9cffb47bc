"""A codec training manifest straight from the composer's rendered tracks, for a machine that has
composed pieces but has not cut clips yet (prepare_data.py): one row per
`tracks/composer/piece_*.wav`, every tenth piece for validation. The codec's sampler reads random
segments of any length of file, so whole tracks serve as well as clips; the raw renders' level is
set by the sampler's level augmentation.

usage: /usr/bin/python3 -m training.scripts.quick_manifest [--out training/.cache/codec-quick/manifest.jsonl]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import wave


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracks", default="training/.cache/tracks/composer")
    ap.add_argument("--out", default="training/.cache/codec-quick/manifest.jsonl")
    a = ap.parse_args()
    rows = []
    for p in sorted(glob.glob(os.path.join(a.tracks, "piece_*.wav"))):
        if p.endswith(".tmp.wav"):
            continue
        i = int(os.path.basename(p)[6:11])
        with wave.open(p) as w:
            rows.append({"path": p, "split": "valid" if i % 10 == 9 else "train", "samples": w.getnframes()})
    if not rows:
        raise SystemExit(f"no composer tracks under {a.tracks}: run training.scripts.compose first")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{len(rows)} tracks ({sum(r['split'] == 'valid' for r in rows)} for validation) → {a.out}")


if __name__ == "__main__":
    main()
