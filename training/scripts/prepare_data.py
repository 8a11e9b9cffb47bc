"""Build the clip dataset: sources → 32 kHz mono, normalised, 10 s clips, split by track.
Writes <cache>/clips/{train,valid,test}/*.wav, clips/manifest.jsonl (one clip a line),
clips/tracks.jsonl (one source track a line, with package and licence), clips/summary.json.
Resumable: a track already cut is skipped. Order: fetch_packages.sh, compose.py, this.

usage: python3 -m training.scripts.prepare_data --config training/configs/data/full.json [--workers 2]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
from multiprocessing import Pool

from training.data.clips import cut, normalise, split_of
from training.data.sources import audio_package_tracks, composer_tracks, midi_package_tracks
from training.data.wavio import decode_mono, write_wav

CFG: dict = {}


def process(track: dict) -> dict:
    c = CFG
    sr = c["sample_rate"]
    done = os.path.join(c["cache_dir"], "clips", "_done", track["track"] + ".json")
    if os.path.exists(done):
        return json.load(open(done))
    try:
        x = decode_mono(track["path"], sr)
    except Exception as e:  # a broken file in a package must not stop the run
        return {**track, "seconds": 0.0, "clips": [], "error": str(e)[:200]}
    split = split_of(track["track"], c["split"]["valid"], c["split"]["test"], c["split"]["seed"])
    rec = {**track, "seconds": len(x) / sr, "split": split, "clips": []}
    if len(x) >= c["min_track_seconds"] * sr:
        x = x[: int(c.get("max_track_seconds", 1e9) * sr)]
        x = normalise(x, sr, c["target_rms_dbfs"], c["silence_dbfs"])
        out_dir = os.path.join(c["cache_dir"], "clips", split)
        os.makedirs(out_dir, exist_ok=True)
        for i, (start, clip) in enumerate(cut(x, sr, c["clip_seconds"], c["min_clip_seconds"], c["silence_dbfs"])):
            cid = f"{track['track']}-{i:04d}"
            path = os.path.join(out_dir, cid + ".wav")
            write_wav(path, clip, sr)
            rec["clips"].append({"id": cid, "path": path, "split": split, "track": track["track"],
                                 "source": track["source"], "package": track["package"],
                                 "start_s": start / sr, "samples": len(clip)})
    os.makedirs(os.path.dirname(done), exist_ok=True)
    json.dump(rec, open(done + ".tmp", "w"))
    os.replace(done + ".tmp", done)
    return rec


def collect(cfg: dict) -> list[dict]:
    cache = cfg["cache_dir"]
    tracks = []
    for entry in cfg["audio_packages"]:
        tracks += audio_package_tracks(cache, entry, cfg["audio_extensions"], cfg.get("archive_extensions", []))
    for pkg in cfg["midi_packages"]:
        tracks += midi_package_tracks(cache, pkg, cfg["soundfont"], cfg["fluidsynth_gain"], cfg["sample_rate"])
    tracks += composer_tracks(cache)
    return tracks


def main() -> None:
    global CFG
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    CFG = json.load(open(a.config))
    tracks = collect(CFG)
    print(f"{len(tracks)} tracks", flush=True)
    with Pool(a.workers) as pool:
        recs = []
        for i, r in enumerate(pool.imap_unordered(process, tracks, chunksize=1)):
            recs.append(r)
            if (i + 1) % 50 == 0:
                print(f"{i + 1}/{len(tracks)} tracks", flush=True)
    out = os.path.join(CFG["cache_dir"], "clips")
    recs.sort(key=lambda r: r["track"])
    hours = collections.defaultdict(lambda: collections.Counter())
    with open(os.path.join(out, "manifest.jsonl.tmp"), "w") as m, open(os.path.join(out, "tracks.jsonl"), "w") as t:
        for r in recs:
            clips = r.pop("clips")
            t.write(json.dumps({**r, "n_clips": len(clips)}) + "\n")
            for c in clips:
                m.write(json.dumps(c) + "\n")
                key = r["package"] if r["source"] != "composer" else "composer"
                hours[key][c["split"]] += c["samples"] / CFG["sample_rate"] / 3600
    os.replace(os.path.join(out, "manifest.jsonl.tmp"), os.path.join(out, "manifest.jsonl"))
    summary = {k: {s: round(v, 3) for s, v in c.items()} for k, c in sorted(hours.items())}
    summary["_total_hours"] = round(sum(sum(c.values()) for c in hours.values()), 3)
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
