"""Tokenise the clip dataset with the trained encoder, for the music model:
<cache>/tokens/<split>.npy   int16 (K, total_frames): every clip's codes, concatenated
<cache>/tokens/<split>.jsonl one clip a line: id, track, source, offset, frames, controls (the file
                             `undertone extract` wrote for the clip, or null until that step has run)
Resumable per split; --refresh-controls rewrites only the indexes (after extract_controls ran).

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


def encode_clips(model, rows: list[dict], hop: int, batch: int = 8, log=None) -> tuple[np.ndarray, list[int]]:
    codes, lengths = [], []
    for i in range(0, len(rows), batch):
        wavs = [read_wav(r["path"])[0] for r in rows[i:i + batch]]
        n = max(len(w) for w in wavs) // hop * hop
        x = torch.zeros(len(wavs), 1, n)
        for j, w in enumerate(wavs):
            x[j, 0, : min(n, len(w))] = torch.from_numpy(w[:n])
        with torch.no_grad():
            c = model.encode(x)
        for j, w in enumerate(wavs):
            f = len(w) // hop  # frames that cover real audio only, not the batch padding
            codes.append(c[j, :, :f].numpy().astype(np.int16))
            lengths.append(f)
        if log and (i // batch) % 50 == 0:
            log(f"{i + len(wavs)}/{len(rows)} clips")
    return (np.concatenate(codes, axis=1) if codes else np.zeros((model.n_q, 0), np.int16)), lengths


def write_index(path: str, rows: list[dict], lengths: list[int], controls_dir: str) -> int:
    offset = 0
    with open(path + ".tmp", "w") as f:
        for r, n in zip(rows, lengths):
            f.write(json.dumps({"id": r["id"], "track": r["track"], "source": r["source"], "offset": offset,
                                "frames": n, "controls": controls_for(controls_dir, r["id"])}) + "\n")
            offset += n
    os.replace(path + ".tmp", path)
    return offset


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/codec-v1")
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--refresh-controls", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(2)
    cache = json.load(open(a.config))["cache_dir"]
    model, cfg = load_codec(a.run, "best")
    out = os.path.join(cache, "tokens")
    os.makedirs(out, exist_ok=True)
    for split in ("train", "valid", "test"):
        rows = load_manifest(os.path.join(cache, "clips", "manifest.jsonl"), split)
        npy, idx = os.path.join(out, f"{split}.npy"), os.path.join(out, f"{split}.jsonl")
        if os.path.exists(idx) and not a.refresh_controls:
            print(f"{split}: already tokenised", flush=True)
            continue
        if not os.path.exists(npy):
            codes, lengths = encode_clips(model, rows, cfg["model"]["hop"], log=lambda m: print(split, m, flush=True))
            np.save(npy + ".tmp.npy", codes)
            os.replace(npy + ".tmp.npy", npy)
            with open(npy + ".lengths.json", "w") as f:
                json.dump(lengths, f)
        with open(npy + ".lengths.json") as f:
            lengths = json.load(f)
        total = write_index(idx, rows, lengths, os.path.join(cache, "controls", split))
        print(f"{split}: {len(rows)} clips, {total} frames", flush=True)


if __name__ == "__main__":
    main()
