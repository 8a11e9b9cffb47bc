"""Tokenise the clip dataset with a trained codec's encoder, for the music model:
<cache>/tokens/<codec>/<split>.npy   int16 (K, total_frames): every clip's codes, concatenated
<cache>/tokens/<codec>/<split>.jsonl one clip a line: id, track, source, offset, frames, controls (the
                                     file `undertone extract` wrote for the clip, or null until then)
<codec> is the run's or pack's folder name, so tokens of two codecs never mix. Resumable per split; --refresh-controls rewrites only the indexes (after extract_controls ran).

A clip has ceil(samples / hop) token frames, the count the engine gives its controls
(controls/features.ts): the clip is zero-padded up to a whole frame before encoding, so the last,
partial frame has a token as it has a control. The index checks every control file's frame count
against its tokens.

The codec is a training run (--run, torch checkpoint) or a model pack (--pack, its encoder.onnx in
onnxruntime-node: the tokens the app itself would compute).

usage: python3 -m training.scripts.tokenize [--run training/runs/codec-v2 | --pack public/models/codec-v2]
                                            [--config training/configs/data/full.json]
"""
from __future__ import annotations

import argparse
import json
import math
import os

import numpy as np
import torch

from training.codec.builders import load_codec
from training.codec.dataset import load_manifest
from training.data.controls import control_frames, controls_for
from training.data.wavio import read_wav
from training.export.ort import ort_run

DEFAULT_RUN = "training/runs/codec-v2"


class RunEncoder:
    """A training run's codec (best.pt, else last.pt), in torch."""

    # clips per forward: a predictive (layered) quantiser runs a Python loop per frame, whose cost is per
    # batch, so 64 clips at once encode ≈ 4× faster a clip than 8 (codes identical: the loop is per row)
    batch = 64

    def __init__(self, model):
        self.model, self.hop, self.n_q = model, model.hop, model.n_q

    @classmethod
    def load(cls, run: str) -> "RunEncoder":
        return cls(load_codec(run, "best")[0])

    def encode(self, batches: list[np.ndarray]) -> list[np.ndarray]:
        with torch.no_grad():
            return [self.model.encode(torch.from_numpy(x)).numpy() for x in batches]


class PackEncoder:
    """A model pack's encoder.onnx in onnxruntime-node; one Node process per group of batches."""

    batch = 8

    def __init__(self, pack: str):
        with open(os.path.join(pack, "manifest.json")) as f:
            m = json.load(f)
        self.hop, self.n_q = m["hop"], m["codebooks"]
        self.path = os.path.join(pack, m["files"]["encoder"]["file"])

    def encode(self, batches: list[np.ndarray]) -> list[np.ndarray]:
        return ort_run(self.path, [{"wav": x} for x in batches], "codes")[0]


def encode_clips(encoder, rows: list[dict], batch: int | None = None, group: int | None = None,
                 log=None) -> tuple[np.ndarray, list[int]]:
    """Codes of every clip, concatenated; clip i has ceil(samples_i / hop) frames. `batch`: clips per
    encoder call (default: the encoder's own)."""
    hop = encoder.hop
    batch = batch or getattr(encoder, "batch", 8)
    group = group or max(1, 128 // batch)  # ≈ 128 clips read (and logged) at a time; a pack's Node process per group
    codes, lengths = [], []
    for g in range(0, len(rows), batch * group):
        wavs = [read_wav(r["path"])[0] for r in rows[g:g + batch * group]]
        frames = [math.ceil(len(w) / hop) for w in wavs]
        batches = []
        for i in range(0, len(wavs), batch):
            # zeros past each clip's end: its last partial frame padded to a whole one, as the
            # controls' STFT pads the signal; shorter clips also see the batch padding beyond
            x = np.zeros((len(wavs[i:i + batch]), 1, max(frames[i:i + batch]) * hop), np.float32)
            for j, w in enumerate(wavs[i:i + batch]):
                x[j, 0, : len(w)] = w
            batches.append(x)
        for i, c in enumerate(encoder.encode(batches)):
            for j in range(c.shape[0]):
                f = frames[i * batch + j]
                assert c.shape[2] >= f, f"encoder gave {c.shape[2]} frames for {f} (hop {hop})"
                codes.append(c[j, :, :f].astype(np.int16))
                lengths.append(f)
        if log:
            log(f"{g + len(wavs)}/{len(rows)} clips")
    return (np.concatenate(codes, axis=1) if codes else np.zeros((encoder.n_q, 0), np.int16)), lengths


def write_index(path: str, rows: list[dict], lengths: list[int], controls_dir: str) -> int:
    offset, mismatched = 0, []
    with open(path + ".tmp", "w") as f:
        for r, n in zip(rows, lengths):
            controls = controls_for(controls_dir, r["id"])
            if controls is not None and control_frames(controls) != n:
                mismatched.append(f"{r['id']}: {n} token frames, {control_frames(controls)} control frames")
            f.write(json.dumps({"id": r["id"], "track": r["track"], "source": r["source"], "offset": offset,
                                "frames": n, "controls": controls}) + "\n")
            offset += n
    if mismatched:
        os.unlink(path + ".tmp")
        raise ValueError(f"{len(mismatched)} clips' tokens and controls disagree (stale tokens or controls?): "
                         + "; ".join(mismatched[:5]))
    os.replace(path + ".tmp", path)
    return offset


def tokenize_cache(cache: str, source: str, make_encoder, refresh_controls: bool = False, log=print) -> str:
    """Every split of <cache>/clips → <cache>/tokens/<basename of source>/ (see the module docstring);
    make_encoder() is called only if some split still needs encoding. Returns the token folder."""
    encoder = None
    out = os.path.join(cache, "tokens", os.path.basename(os.path.normpath(source)))
    os.makedirs(out, exist_ok=True)
    for split in ("train", "valid", "test"):
        rows = load_manifest(os.path.join(cache, "clips", "manifest.jsonl"), split)
        npy, idx = os.path.join(out, f"{split}.npy"), os.path.join(out, f"{split}.jsonl")
        if os.path.exists(idx) and not refresh_controls:
            log(f"{split}: already tokenised")
            continue
        if not os.path.exists(npy):
            encoder = encoder or make_encoder()
            codes, lengths = encode_clips(encoder, rows, log=lambda m: log(f"{split} {m}"))
            np.save(npy + ".tmp.npy", codes)
            os.replace(npy + ".tmp.npy", npy)
            with open(npy + ".lengths.json", "w") as f:
                json.dump(lengths, f)
        with open(npy + ".lengths.json") as f:
            lengths = json.load(f)
        total = write_index(idx, rows, lengths, os.path.join(cache, "controls", split))
        log(f"{split}: {len(rows)} clips, {total} frames")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--run", default=None, help=f"training run folder (default {DEFAULT_RUN})")
    which.add_argument("--pack", default=None, help="model pack folder (manifest.json + encoder.onnx)")
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--refresh-controls", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(2)
    cache = json.load(open(a.config))["cache_dir"]
    source = a.pack or a.run or DEFAULT_RUN
    tokenize_cache(cache, source, lambda: PackEncoder(source) if a.pack else RunEncoder.load(source),
                   a.refresh_controls, log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
