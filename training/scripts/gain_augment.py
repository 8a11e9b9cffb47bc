"""Level-automated copies of training clips, for the music model's intensity lane
(docs/music-model.md, "Gain-automated clips").

The training clips' own intensity curves hardly move (within-clip SD ≈ 3 dB), so the model has
seldom seen the intensity lane change while nothing else did, and follows a drawn swell weakly
(held-out intensity PCC 0.63). Here N training clips are copied with a slow gain automation of the
kinds people draw — ramps (linear, tanh, cosine), swells, dips, steps, waves of ±2-6 dB around a
random offset — then, like every clip, encoded by the codec and measured by the engine
(`undertone extract`: the intensity lane of a copy is what the engine hears in it, not the gain
curve). The copies keep their original's synthetic video and instrumentation.

Out: a token set named <codec>-gain whose train split is the codec's train split followed by the
copies (ids "gain_<original id>"), and whose valid and test splits are the codec's own (links), so
NLL and evaluation compare with the original set's. A training config picks the copies' share of a
batch with data.boost.

usage: python3 -m training.scripts.gain_augment [--codec codec-v2] [--pack public/models/codec-v2]
                                                [--clips 2400] [--seed 0] [--workers 2]
Resumable: written copies, their controls and their codes are kept and reused (all of them cleared
when --seed changes, since a copy's curve is drawn from the seed).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil

import numpy as np

from training.data.controls import controls_for, extract_batch
from training.data.wavio import read_wav, write_wav
from training.music.data import MUSIC_RATE, controls_from_json
from training.music.tokens import CONTROL_COLUMNS, CONTROL_WIDTH, pack_dir, read_index
from training.scripts.build_music_data import STEP
from training.scripts.tokenize import PackEncoder, encode_clips

PREFIX = "gain_"
PEAK = 0.98


def gain_curve(rng: np.random.Generator, frames: int) -> np.ndarray:
    """A slow gain automation in dB at the control rate (50 Hz), one of the shapes people draw."""
    t = np.linspace(0.0, 1.0, frames)
    depth = rng.uniform(4.0, 12.0)
    kind = rng.choice(["ramp", "swell", "dip", "step", "wave"])
    if kind == "ramp":
        a, b = sorted(rng.uniform(0.0, 1.0, 2))
        b = max(b, a + 0.3)
        u = np.clip((t - a) / (b - a), 0.0, 1.0)
        shape = rng.choice(["linear", "tanh", "cosine"])
        if shape == "tanh":
            u = (np.tanh(6 * (u - 0.5)) / np.tanh(3) + 1) / 2
        elif shape == "cosine":
            u = (1 - np.cos(np.pi * u)) / 2
        g = (u - 0.5) * depth * (1 if rng.random() < 0.5 else -1)
    elif kind in ("swell", "dip"):
        c, w = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.6)
        u = np.where(np.abs(t - c) < w / 2, (1 + np.cos(2 * np.pi * (t - c) / w)) / 2, 0.0)
        g = (u - 0.5) * depth * (1 if kind == "swell" else -1)
    elif kind == "step":
        g = np.zeros(frames)
        for _ in range(int(rng.integers(1, 3))):
            at, width = rng.uniform(0.15, 0.85), rng.uniform(0.03, 0.1)
            g += np.tanh((t - at) / width * 3) * depth / 2 * (1 if rng.random() < 0.5 else -1)
        g -= (g.max() + g.min()) / 2
    else:
        period = rng.uniform(0.3, 0.8)
        g = np.sin(2 * np.pi * (t / period + rng.uniform())) * depth / 2
    return (g + rng.uniform(-3.0, 1.0)).astype(np.float64)


def apply_gain(wav: np.ndarray, gain_db: np.ndarray, hop: int) -> np.ndarray:
    """The clip under the automation (interpolated from frame centres to samples), scaled down as a
    whole if it would clip."""
    centres = (np.arange(len(gain_db)) + 0.5) * hop
    g = 10 ** (np.interp(np.arange(len(wav)), centres, gain_db) / 20)
    out = wav * g
    peak = float(np.abs(out).max()) if len(out) else 0.0
    return (out * (PEAK / peak) if peak > PEAK else out).astype(np.float32)


def link(src: str, dst: str) -> None:
    if os.path.lexists(dst):
        os.remove(dst)
    os.symlink(os.path.relpath(src, os.path.dirname(dst)), dst)


def build(cache: str, codec: str, make_encoder, n: int, seed: int, workers: int = 1, log=print) -> str:
    """The copies and the merged token set <codec>-gain (module docstring); make_encoder() gives the
    codec's encoder (tokenize.py's PackEncoder or RunEncoder). Returns the set's name."""
    out_codec = f"{codec}-gain"
    work = os.path.join(cache, "gain", codec)
    clip_dir, ctrl_dir = os.path.join(work, "clips"), os.path.join(work, "controls")
    if not os.path.exists(os.path.join(pack_dir(cache, codec, "train"), "index.jsonl")):
        raise SystemExit(f"{pack_dir(cache, codec, 'train')} has no token set: build it first with "
                         f"python3 -m training.scripts.build_music_data --codec-pack <{codec} pack> (docs/music-model.md, Data)")
    # copies of another seed carry other curves: they and what was measured of them go
    seed_file = os.path.join(work, "seed.json")
    if os.path.exists(seed_file) and json.load(open(seed_file)).get("seed") != seed:
        shutil.rmtree(clip_dir, ignore_errors=True)
        shutil.rmtree(ctrl_dir, ignore_errors=True)
    os.makedirs(clip_dir, exist_ok=True)
    with open(seed_file, "w") as f:
        json.dump({"seed": seed}, f)
    src_rows = read_index(pack_dir(cache, codec, "train"))
    with open(os.path.join(cache, "clips", "manifest.jsonl")) as f:
        paths = {r["id"]: r["path"] for r in map(json.loads, f) if r["split"] == "train"}
    rng = np.random.default_rng(seed)
    picks = sorted(rng.choice(len(src_rows), size=min(n, len(src_rows)), replace=False).tolist())

    # 1. the copies (a copy's curve is drawn from (seed, its original's place in the index): a rerun writes the same file)
    made = 0
    for i in picks:
        r = src_rows[i]
        dst = os.path.join(clip_dir, PREFIX + r["id"] + ".wav")
        if os.path.exists(dst):
            continue
        wav, rate = read_wav(paths[r["id"]])
        hop = rate // MUSIC_RATE  # a control frame
        crng = np.random.default_rng([seed, i])
        write_wav(dst, apply_gain(wav, gain_curve(crng, -(-len(wav) // hop)), hop))
        made += 1
    log(f"gain: {made} copies written, {len(picks)} in all")

    # 2. what the engine hears in them
    extract_batch(clip_dir, ctrl_dir, workers)

    # 3. their codes
    codes_path = os.path.join(work, f"codes-{len(picks)}-{seed}.npy")
    rows = [{"id": PREFIX + src_rows[i]["id"], "path": os.path.join(clip_dir, PREFIX + src_rows[i]["id"] + ".wav")} for i in picks]
    if not os.path.exists(codes_path):
        codes, lengths = encode_clips(make_encoder(), rows, log=lambda m: log(f"gain codes: {m}"))
        np.save(codes_path + ".tmp.npy", codes)
        os.replace(codes_path + ".tmp.npy", codes_path)
        with open(codes_path + ".lengths.json", "w") as f:
            json.dump(lengths, f)
    codes = np.load(codes_path)
    with open(codes_path + ".lengths.json") as f:
        lengths = json.load(f)

    # 4. the merged set: the codec's train split, then the copies
    tok_out = os.path.join(cache, "tokens", out_codec)
    os.makedirs(tok_out, exist_ok=True)
    orig_codes = np.load(os.path.join(cache, "tokens", codec, "train.npy"), mmap_mode="r")
    np.save(os.path.join(tok_out, "train.npy"), np.concatenate([np.asarray(orig_codes), codes], axis=1))
    for split in ("valid", "test"):
        link(os.path.join(cache, "tokens", codec, f"{split}.npy"), os.path.join(tok_out, f"{split}.npy"))
        dst = pack_dir(cache, out_codec, split)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        link(pack_dir(cache, codec, split), dst)

    src = pack_dir(cache, codec, "train")
    load = lambda name: np.load(os.path.join(src, name + ".npy"), mmap_mode="r")
    o_ctrl, o_mask = load("controls"), load("controls_mask")
    o_vf, o_vc, o_vp = load("video_frame"), load("video_context"), load("video_patch")
    base, v_base = orig_codes.shape[1], o_vf.shape[0]
    total, total_v = base + codes.shape[1], v_base + sum(-(-f // STEP) for f in lengths)
    ctrl = np.zeros((total, CONTROL_WIDTH), np.float32)
    mask = np.zeros((total, CONTROL_WIDTH), np.uint8)
    ctrl[:base], mask[:base] = o_ctrl[:base], o_mask[:base]
    vf = np.concatenate([o_vf, np.zeros((total_v - v_base,) + o_vf.shape[1:], np.float32)])
    vc = np.concatenate([o_vc, np.zeros((total_v - v_base,) + o_vc.shape[1:], np.float32)])
    vp = np.concatenate([o_vp, np.zeros((total_v - v_base,) + o_vp.shape[1:], np.float32)])
    index, a, v_at, skipped = list(src_rows), base, v_base, 0
    for i, row, f in zip(picks, rows, lengths):
        r = src_rows[i]
        cpath = controls_for(ctrl_dir, row["id"])
        Tv = -(-f // STEP)
        if cpath is None or f != r["frames"] or Tv != r["video_frames"]:
            skipped += 1
            a, v_at = a + f, v_at + Tv
            continue
        with open(cpath) as fh:
            c = controls_from_json(json.load(fh))
        for name, (lo, hi) in CONTROL_COLUMNS.items():
            values, m = c[name]
            assert len(values) == f, f"{row['id']}: {len(values)} {name} frames for {f} token frames"
            ctrl[a:a + f, lo:hi], mask[a:a + f, lo:hi] = values * m, m
        vo = r["video_offset"]
        vf[v_at:v_at + Tv], vc[v_at:v_at + Tv], vp[v_at:v_at + Tv] = o_vf[vo:vo + Tv], o_vc[vo:vo + Tv], o_vp[vo:vo + Tv]
        index.append({**r, "id": row["id"], "offset": a, "video_offset": v_at})
        a, v_at = a + f, v_at + Tv
    dst = pack_dir(cache, out_codec, "train")
    os.makedirs(dst, exist_ok=True)
    for name, arr in (("controls", ctrl), ("controls_mask", mask), ("video_frame", vf), ("video_context", vc), ("video_patch", vp)):
        np.save(os.path.join(dst, name + ".npy"), arr)
    with open(os.path.join(dst, "index.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in index)
    summary = {"clips": len(index), "copies": len(index) - len(src_rows), "skipped": skipped, "seed": seed}
    with open(os.path.join(dst, "done.json"), "w") as f:
        json.dump(summary, f)
    log(f"gain: {out_codec} train {json.dumps(summary)}")
    return out_codec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--codec", default="codec-v2", help="the token set the copies join")
    ap.add_argument("--pack", default="public/models/codec-v2", help="that codec's pack (its encoder.onnx)")
    ap.add_argument("--clips", type=int, default=2400)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    cache = json.load(open(a.config))["cache_dir"]
    if not os.path.exists(os.path.join(a.pack, "manifest.json")):
        raise SystemExit(f"{a.pack}/manifest.json is missing: --pack names the codec pack whose encoder.onnx makes {a.codec}'s tokens")
    build(cache, a.codec, lambda: PackEncoder(a.pack), a.clips, a.seed, a.workers, log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
