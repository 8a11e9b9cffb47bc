"""The music model's data set for one codec, in one resumable command (docs/music-model.md, "Data"):

1. controls   `undertone extract` over every clip split (extract_controls.py; skips what exists)
2. tokens     the codec's codes of every clip (tokenize.py; skips encoded splits), index refreshed
              so it names the control files
3. videos     a synthetic video per clip made from its controls, analysed by the engine
              (scripts/synthetic-video.ts) → <cache>/video/<split>/<clip id>.json (skips what exists;
              codec-independent, so every codec's set shares them)
4. pack       per split, the arrays training.music.tokens.TokenClips memory-maps:
              <cache>/music/<codec>/<split>/ (index.jsonl, controls, masks, video descriptors,
              ensemble from the composer's score); rebuilt only when its inputs changed

usage: python3 -m training.scripts.build_music_data --codec-run training/runs/codec-v2
       python3 -m training.scripts.build_music_data --codec-pack public/models/codec-v2
       python3 -m training.scripts.build_music_data --codec codec-v2     (tokens already there)
       [--config training/configs/data/full.json] [--workers 1] [--chunk 200]
--workers N runs N Node processes at once for the controls (a split shared by `--shard`) and the videos.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zlib
from multiprocessing.pool import ThreadPool

import numpy as np

from training.data.engine import ROOT
from training.music.controls import ENSEMBLE_DIM
from training.music.data import MUSIC_RATE, VIDEO_RATE, controls_from_json, video_from_analysis
from training.music.tokens import CONTROL_COLUMNS, CONTROL_WIDTH, ensemble_of_score, pack_dir
from training.scripts.extract_controls import extract_all
from training.scripts.tokenize import PackEncoder, RunEncoder, tokenize_cache

SPLITS = ("train", "valid", "test")
VIDEO_CLI = [os.environ.get("NODE", "node"), "--import", "tsx", os.path.join(ROOT, "scripts", "synthetic-video.ts")]
STEP = MUSIC_RATE // VIDEO_RATE


def video_path(cache: str, split: str, clip_id: str) -> str:
    return os.path.join(cache, "video", split, clip_id + ".json")


def video_seed(clip_id: str) -> int:
    """A clip's video seed: a function of its id alone, so a rebuild draws the same video."""
    return zlib.crc32(clip_id.encode()) & 0x7FFFFFFF


def _json(path: str):
    with open(path) as f:
        return json.load(f)


def token_index(cache: str, codec: str, split: str) -> list[dict]:
    path = os.path.join(cache, "tokens", codec, f"{split}.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def render_videos(cache: str, codec: str, workers: int = 1, chunk: int = 200, log=print) -> int:
    """Synthetic videos for every indexed clip that has controls and no video yet, or a video older
    than its controls (a clip cut again, controls extracted again); one Node process per chunk of clips
    (start-up ≈ 1 s). Returns how many were made."""
    jobs = []
    for split in SPLITS:
        for r in token_index(cache, codec, split):
            out = video_path(cache, split, r["id"])
            if r["controls"] and os.path.exists(out) and os.stat(out).st_mtime_ns < os.stat(r["controls"]).st_mtime_ns:
                os.remove(out)  # the script skips existing outputs
            if r["controls"] and not os.path.exists(out):
                jobs.append({"controls": os.path.abspath(r["controls"]), "out": os.path.abspath(out), "seed": video_seed(r["id"])})
    if not jobs:
        return 0
    log(f"videos: {len(jobs)} to make")

    def run(part: list[dict]) -> list[dict]:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(part, f)
        try:
            res = subprocess.run(VIDEO_CLI + ["--batch", f.name], cwd=ROOT, capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        if res.returncode not in (0, 1):
            raise RuntimeError(f"synthetic-video failed (exit {res.returncode}): {res.stderr[-2000:]}")
        return [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]

    made, failed = 0, []
    with ThreadPool(workers) as pool:  # threads only wait on Node processes
        for report in pool.imap_unordered(run, [jobs[i:i + chunk] for i in range(0, len(jobs), chunk)]):
            made += sum(r["status"] == "ok" for r in report)
            failed += [r for r in report if r["status"] == "error"]
            log(f"videos: {made}/{len(jobs)}")
    if failed:
        log(f"videos: {len(failed)} failed, e.g. {failed[0]}")
    return made


def _score(cache: str, row: dict) -> str | None:
    """The composer's score of a composer clip (training/data/sources.py names its track
    composer-<piece>), else None: the instrumentation of a recording is not known."""
    if row.get("source") != "composer" or not row["track"].startswith("composer-"):
        return None
    path = os.path.join(cache, "tracks", "composer", row["track"][len("composer-"):] + ".json")
    return path if os.path.exists(path) else None


def _stamp(cache: str, codec: str, split: str) -> str:
    """What a pack was built from: the token index (its clips, offsets and control files) and each
    clip's control file and video (modification times: a re-extracted control file or a re-rendered
    video, after deleting .cache/video for a new renderer, counts). A change rebuilds the split's pack."""
    h = hashlib.sha1()
    with open(os.path.join(cache, "tokens", codec, f"{split}.jsonl"), "rb") as f:
        h.update(f.read())
    for r in token_index(cache, codec, split):
        for path in (r["controls"], video_path(cache, split, r["id"])):
            h.update(str(os.stat(path).st_mtime_ns if path and os.path.exists(path) else -1).encode())
    return h.hexdigest()


def pack_split(cache: str, codec: str, split: str, log=print) -> int | None:
    """The split's arrays for TokenClips; None when skipped (up to date or no tokens). Controls are
    laid out on the token array's rows (same offsets); clips without controls or video are left out."""
    rows = token_index(cache, codec, split)
    if not rows:
        return None
    out = pack_dir(cache, codec, split)
    stamp = _stamp(cache, codec, split)
    done = os.path.join(out, "done.json")
    if os.path.exists(done) and _json(done).get("stamp") == stamp:
        log(f"pack {split}: up to date")
        return None
    os.makedirs(out, exist_ok=True)
    total = max(r["offset"] + r["frames"] for r in rows)
    usable = [r for r in rows if r["controls"] and os.path.exists(video_path(cache, split, r["id"]))]
    total_v = sum(-(-r["frames"] // STEP) for r in usable)
    mm = lambda name, shape, dtype: np.lib.format.open_memmap(os.path.join(out, name + ".tmp.npy"), "w+", dtype, shape)
    controls, masks = mm("controls", (total, CONTROL_WIDTH), np.float32), mm("controls_mask", (total, CONTROL_WIDTH), np.uint8)
    vf, vc, vp = mm("video_frame", (total_v, 17), np.float32), mm("video_context", (total_v, 10), np.float32), \
        mm("video_patch", (total_v, 16, 7), np.float32)
    index, v_at = [], 0
    for r in usable:
        c = controls_from_json(_json(r["controls"]))
        v = video_from_analysis(_json(video_path(cache, split, r["id"])))
        Tv = -(-r["frames"] // STEP)
        assert len(v["frame"]) == Tv, f"{r['id']}: {len(v['frame'])} video frames for {r['frames']} token frames"
        a = r["offset"]
        for n, (lo, hi) in CONTROL_COLUMNS.items():
            values, mask = c[n]
            assert len(values) == r["frames"], f"{r['id']}: {len(values)} {n} frames for {r['frames']} token frames"
            controls[a:a + r["frames"], lo:hi] = values * mask
            masks[a:a + r["frames"], lo:hi] = mask
        vf[v_at:v_at + Tv], vc[v_at:v_at + Tv], vp[v_at:v_at + Tv] = v["frame"], v["context"], v["patch"]
        score = _score(cache, r)
        ens, ens_mask = [0.0] * ENSEMBLE_DIM, [0.0] * ENSEMBLE_DIM  # a recording: the model chooses
        if score:
            ens, ens_mask = ensemble_of_score(_json(score))
        index.append({"id": r["id"], "track": r["track"], "source": r["source"], "offset": a, "frames": r["frames"],
                      "video_offset": v_at, "video_frames": Tv, "ensemble": ens, "ensemble_mask": ens_mask})
        v_at += Tv
    for arr in (controls, masks, vf, vc, vp):
        arr.flush()
    for name in ("controls", "controls_mask", "video_frame", "video_context", "video_patch"):
        os.replace(os.path.join(out, name + ".tmp.npy"), os.path.join(out, name + ".npy"))
    with open(os.path.join(out, "index.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in index)
    summary = {"stamp": stamp, "clips": len(index), "left_out": len(rows) - len(index), "frames": total,
               "hours": round(sum(r["frames"] for r in index) / MUSIC_RATE / 3600, 3),
               "composer_clips": sum(r["ensemble_mask"][0] == 1 for r in index)}
    with open(done, "w") as f:
        json.dump(summary, f)
    log(f"pack {split}: {json.dumps({k: v for k, v in summary.items() if k != 'stamp'})}")
    return len(index)


def build(cache: str, codec: str, make_encoder=None, workers: int = 1, chunk: int = 200, log=print) -> None:
    if extract_all(cache, log=log, workers=workers) == 3:
        raise SystemExit(3)
    def no_encoder():
        raise SystemExit(f"{cache}/tokens/{codec} lacks a split's tokens: give --codec-run or --codec-pack")
    # refresh: the index then names control files extracted after the tokens were made
    tokenize_cache(cache, codec, make_encoder or no_encoder, refresh_controls=True, log=log)
    codec = os.path.basename(os.path.normpath(codec))
    if not any(token_index(cache, codec, s) for s in SPLITS):
        raise SystemExit(f"no tokens in {cache}/tokens/{codec}: give --codec-run or --codec-pack")
    render_videos(cache, codec, workers, chunk, log)
    for split in SPLITS:
        pack_split(cache, codec, split, log)


def main() -> None:
    ap = argparse.ArgumentParser()
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--codec-run", help="codec training run folder (tokens from its best.pt, in torch)")
    which.add_argument("--codec-pack", help="codec pack folder (tokens from its encoder.onnx, onnxruntime-node)")
    which.add_argument("--codec", help="name of a token set already in <cache>/tokens/")
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--workers", type=int, default=1, help="Node processes at once (extracting controls, rendering videos)")
    ap.add_argument("--chunk", type=int, default=200, help="clips per Node process")
    a = ap.parse_args()
    cache = json.load(open(a.config))["cache_dir"]
    log = lambda m: print(m, flush=True)
    if a.codec_run:
        import torch
        torch.set_num_threads(2)
        build(cache, a.codec_run, lambda: RunEncoder.load(a.codec_run), a.workers, a.chunk, log)
    elif a.codec_pack:
        build(cache, a.codec_pack, lambda: PackEncoder(a.codec_pack), a.workers, a.chunk, log)
    else:
        build(cache, a.codec, None, a.workers, a.chunk, log)


if __name__ == "__main__":
    sys.exit(main())
