"""Build the clip dataset: sources → 32 kHz mono, normalised, 10 s clips, split by track.
Writes <cache>/clips/{train,valid,test}/*.wav, clips/manifest.jsonl (one clip a line),
clips/tracks.jsonl (one source track a line, with package and licence), clips/summary.json.
Order: fetch_packages.sh, compose.py, this.

Decoding, mixdown and resampling are the engine's (`undertone decode`, one Node process per chunk
of tracks, into <cache>/decoded/ as float WAV); loudness and silence levels are the engine's too
(training/data/clips.py). Resumable: a track already cut is skipped, a decoded file left by a killed
run is reused, and a track that failed is tried again on the next run. A track cut by the older
ffmpeg path (its record has no "decoded_by") is cut again, its old clips and their controls
removed first; any split that gets new clips loses its controls/<split>/.done, so
extract_controls fills in what is missing.

usage: python3 -m training.scripts.prepare_data --config training/configs/data/full.json [--workers 2]
                                               [--sources composer,0ad-data,...]

--sources limits the clip set to some of the config's sources (package names of audio_packages and
midi_packages, and "composer"): the manifest then lists only their clips, so a first data set builds
in minutes from what is on disk; rerunning without it adds the rest (finished tracks are kept).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
from multiprocessing import Pool

from training.data.clips import cut, normalise, split_of
from training.data.engine import CLI, ROOT, decode_batch
from training.data.sources import audio_package_tracks, composer_tracks, midi_package_tracks
from training.data.wavio import read_wav, write_wav

CFG: dict = {}
CHUNK = 8  # tracks per `undertone decode` call: Node's start-up (~1 s) against a worker's share of the work
DECODER = "undertone decode"


def _done_path(track: dict) -> str:
    return os.path.join(CFG["cache_dir"], "clips", "_done", track["track"] + ".json")


def _decoded_path(track: dict) -> str:
    return os.path.join(CFG["cache_dir"], "decoded", track["track"] + ".wav")


def _finished(track: dict) -> dict | None:
    """The track's record if it was cut from audio the engine decoded, else None."""
    if not os.path.exists(_done_path(track)):
        return None
    with open(_done_path(track)) as f:
        rec = json.load(f)
    return rec if rec.get("decoded_by") == DECODER else None


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _forget_clips(track: dict) -> None:
    """Remove what an earlier cut of this track left: its clips and their controls."""
    if os.path.exists(_done_path(track)):
        with open(_done_path(track)) as f:
            for c in json.load(f).get("clips", []):
                _remove(c["path"])
                _remove(os.path.join(CFG["cache_dir"], "controls", c["split"], c["id"] + ".json"))
                _remove(os.path.join(CFG["cache_dir"], "controls", c["split"], ".done"))


def process_chunk(tracks: list[dict]) -> list[dict]:
    todo = [t for t in tracks if _finished(t) is None]
    try:
        report = decode_batch([(t["path"], _decoded_path(t)) for t in todo], CFG["sample_rate"])
    except Exception as e:  # the CLI itself failed: report the chunk, retry it on the next run
        report = {_decoded_path(t): {"status": "error", "error": str(e)} for t in todo}
    return [process(t, report.get(_decoded_path(t))) for t in tracks]


def process(track: dict, decoded: dict | None) -> dict:
    c = CFG
    sr = c["sample_rate"]
    done = _done_path(track)
    rec = _finished(track)
    if rec is not None:
        return rec
    if decoded is None or decoded["status"] == "error":  # a broken file in a package must not stop the run
        why = decoded["error"] if decoded else "not decoded"
        return {**track, "seconds": 0.0, "clips": [], "error": why[:200]}
    x = read_wav(_decoded_path(track))[0]
    _forget_clips(track)
    split = "train" if track.get("train_only") else split_of(track["track"], c["split"]["valid"], c["split"]["test"], c["split"]["seed"])
    rec = {**track, "seconds": len(x) / sr, "split": split, "decoded_by": DECODER, "clips": []}
    if len(x) >= c["min_track_seconds"] * sr:
        x = x[: int(c.get("max_track_seconds", 1e9) * sr)]
        x = normalise(x, sr)
        out_dir = os.path.join(c["cache_dir"], "clips", split)
        os.makedirs(out_dir, exist_ok=True)
        for i, (start, clip) in enumerate(cut(x, sr, c["clip_seconds"], c["min_clip_seconds"])):
            cid = f"{track['track']}-{i:04d}"
            path = os.path.join(out_dir, cid + ".wav")
            write_wav(path, clip, sr)
            rec["clips"].append({"id": cid, "path": path, "split": split, "track": track["track"],
                                 "source": track["source"], "package": track["package"],
                                 "start_s": start / sr, "samples": len(clip)})
        if rec["clips"]:
            _remove(os.path.join(c["cache_dir"], "controls", split, ".done"))
    os.makedirs(os.path.dirname(done), exist_ok=True)
    with open(done + ".tmp", "w") as f:
        json.dump(rec, f)
    os.replace(done + ".tmp", done)
    os.remove(_decoded_path(track))
    return rec


COMPOSER = "composer"


def source_names(cfg: dict) -> list[str]:
    """Every source the config names: its audio and MIDI packages, and the composer."""
    return [e["package"] for e in cfg["audio_packages"]] + list(cfg["midi_packages"]) + [COMPOSER]


def collect(cfg: dict, sources: list[str] | None = None) -> list[dict]:
    """The tracks of the config's sources, or of `sources` alone (names from source_names)."""
    unknown = sorted(set(sources or []) - set(source_names(cfg)))
    if unknown:
        raise SystemExit(f"unknown sources {unknown}; the config names {source_names(cfg)}")
    keep = lambda name: sources is None or name in sources
    cache = cfg["cache_dir"]
    tracks = []
    for entry in cfg["audio_packages"]:
        if keep(entry["package"]):
            tracks += audio_package_tracks(cache, entry, cfg["audio_extensions"], cfg.get("archive_extensions", []))
    for pkg in cfg["midi_packages"]:
        if keep(pkg):
            tracks += midi_package_tracks(cache, pkg, cfg["soundfont"], cfg["fluidsynth_gain"], cfg["sample_rate"])
    if keep(COMPOSER):
        tracks += composer_tracks(cache)
    return tracks


def main() -> None:
    global CFG
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/data/full.json")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sources", default=None,
                    help="comma-separated subset of the config's sources (package names, 'composer'); default all")
    a = ap.parse_args()
    sources = a.sources.split(",") if a.sources else None
    CFG = json.load(open(a.config))
    subprocess.run(CLI + ["decode", "--help"], cwd=ROOT, check=True, capture_output=True)  # fail now, not per chunk
    tracks = collect(CFG, sources)
    print(f"{len(tracks)} tracks", flush=True)
    chunks = [tracks[i:i + CHUNK] for i in range(0, len(tracks), CHUNK)]
    with Pool(a.workers) as pool:
        recs = []
        for recs_of_chunk in pool.imap_unordered(process_chunk, chunks, chunksize=1):
            recs += recs_of_chunk
            if len(recs) // 50 != (len(recs) - len(recs_of_chunk)) // 50:
                print(f"{len(recs)}/{len(tracks)} tracks", flush=True)
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
    summary["_sources"] = sources or "all"
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
