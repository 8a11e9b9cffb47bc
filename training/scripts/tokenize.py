"""Tokenise the clip dataset with the trained encoder, for the music model:
<cache>/tokens/<split>.npy  int16 (4, total_frames) — every clip's codes, concatenated
<cache>/tokens/<split>.jsonl one clip a line: id, track, source, offset, frames, controls (path of the
                             file `undertone extract` wrote for it, or null until that step has run)
Resumable per split; --refresh-controls rewrites only the index (after extract_controls ran).

usage: python3 -m training.scripts.tokenize --run training/runs/codec-v1 [--config training/configs/data/full.json]
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch

from training.codec.builders import load_codec
from training.codec.dataset import load_manifest
from training.data.controls import controls_for
from training.data.wavio import read_wav


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/codec-v1")
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--refresh-controls", action="store_true")
    ap.add_argument("--batch", type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(2)
    cache = json.load(open(a.config))["cache_dir"]
    model, cfg = load_codec(a.run, "best")
    hop = cfg["model"]["hop"]
    out = os.path.join(cache, "tokens")
    os.makedirs(out, exist_ok=True)
    for split in ("train", "valid", "test"):
        rows = load_manifest(os.path.join(cache, "clips", "manifest.jsonl"), split)
        npy, idx = os.path.join(out, f"{split}.npy"), os.path.join(out, f"{split}.jsonl")
        if os.path.exists(npy) and os.path.exists(idx) and not a.refresh_controls:
            print(f"{split}: already tokenised", flush=True)
            continue
        if not os.path.exists(npy):
            codes, lengths = [], []
            for i in range(0, len(rows), a.batch):
                chunk = rows[i:i + a.batch]
                wavs = [read_wav(r["path"])[0] for r in chunk]
                n = max(len(w) for w in wavs) // hop * hop
                x = torch.zeros(len(wavs), 1, n)
                for j, w in enumerate(wavs):
                    x[j, 0, : min(n, len(w))] = torch.from_numpy(w[:n])
                with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
                    c = model.encode(x)
                for j, w in enumerate(wavs):
                    f = len(w) // hop  # drop frames that only cover padding
                    codes.append(c[j, :, :f].numpy().astype(np.int16))
                    lengths.append(f)
                if (i // a.batch) % 50 == 0:
                    print(f"{split}: {i + len(chunk)}/{len(rows)} clips", flush=True)
            np.save(npy + ".tmp.npy", np.concatenate(codes, axis=1) if codes else np.zeros((cfg["model"]["n_q"], 0), np.int16))
            os.replace(npy + ".tmp.npy", npy)
            json.dump(lengths, open(npy + ".lengths.json", "w"))
        lengths = json.load(open(npy + ".lengths.json"))
        offset = 0
        with open(idx + ".tmp", "w") as f:
            for r, n in zip(rows, lengths):
                f.write(json.dumps({"id": r["id"], "track": r["track"], "source": r["source"], "offset": offset,
                                    "frames": n, "controls": controls_for(os.path.join(cache, "controls", split), r["id"])}) + "\n")
                offset += n
        os.replace(idx + ".tmp", idx)
        print(f"{split}: {len(rows)} clips, {offset} frames", flush=True)


if __name__ == "__main__":
    main()
