"""Controls for every clip come from the engine's CLI — the same TypeScript the browser runs —
never from a Python re-implementation (DESIGN principle 2)."""
from __future__ import annotations

import json
import os
import re
import subprocess

import numpy as np

from .engine import CLI, ROOT

# The controls.json version the engine writes (src/engine/controls/json.ts, CONTROLS_VERSION; a
# test holds the two equal). 2 added "key", "chords" and a filled harmony track; files of an
# older version are stale: extract_controls removes and rewrites them.
CONTROLS_VERSION = 2
# Columns per frame of each control (src/engine/controls/types.ts, CONTROL_DIMS).
CONTROL_DIMS = {"rhythm": 1, "intensity": 1, "melody": 12, "emotion": 2, "harmony": 24}


def cli_has_extract() -> bool:
    res = subprocess.run(CLI + ["--help"], capture_output=True, text=True, cwd=ROOT)
    return any(line.strip().startswith("extract") for line in (res.stdout + res.stderr).splitlines())


def extract_batch(clip_dir: str, out_dir: str, workers: int = 1) -> None:
    """`undertone extract --batch <clips> --out <controls> --skip-existing`: one JSON per clip, named
    by the clip id (the WAV's stem); rerunning resumes where a killed run stopped. `workers` Node
    processes share the folder (`--shard k/n`: each takes every n-th file). The CLI reports and skips
    a bad file and exits 1 at the end, which raises here (after every process ended)."""
    os.makedirs(out_dir, exist_ok=True)
    cmd = CLI + ["extract", "--batch", clip_dir, "--out", out_dir, "--skip-existing"]
    err = subprocess.DEVNULL if os.environ.get("QUIET") else None
    procs = [subprocess.Popen(cmd + ["--shard", f"{k}/{workers}"], cwd=ROOT, stderr=err) for k in range(workers)]
    codes = [p.wait() for p in procs]
    if any(codes):
        raise subprocess.CalledProcessError(max(codes), cmd)


def controls_for(out_dir: str, clip_id: str) -> str | None:
    """The control file the CLI wrote for a clip (whatever its extension), or None."""
    if not os.path.isdir(out_dir):
        return None
    for name in os.listdir(out_dir):
        if name.rsplit(".", 1)[0] == clip_id:
            return os.path.join(out_dir, name)
    return None


def control_frames(path: str) -> int:
    """The `frames` field of a controls file. It is written before the (large) curves, so the
    first kilobytes are enough; a file laid out otherwise is parsed whole."""
    with open(path) as f:
        m = re.search(r'"frames":\s*(\d+)', f.read(4096))
    if m:
        return int(m.group(1))
    with open(path) as f:
        return int(json.load(f)["frames"])


def controls_version(path: str) -> int:
    """The `version` field of a controls file, read from its first kilobytes like control_frames."""
    with open(path) as f:
        m = re.search(r'"version":\s*(\d+)', f.read(4096))
    return int(m.group(1)) if m else 0


def remove_stale(out_dir: str) -> int:
    """Removes controls files an older engine wrote (version < CONTROLS_VERSION) so the next
    extract_batch, which skips existing files, writes them again. Returns how many went."""
    if not os.path.isdir(out_dir):
        return 0
    gone = 0
    for name in os.listdir(out_dir):
        p = os.path.join(out_dir, name)
        if name.endswith(".json") and controls_version(p) < CONTROLS_VERSION:
            os.remove(p)
            gone += 1
    return gone


def read_controls(path: str) -> dict:
    """A controls file → {"frames", "key", "chords", "controls": {name: (values (T, dim), mask (T, dim))}}.
    The harmony control is the engine's 24 columns (12 chord tones, 12 root one-hot; all zero with
    mask 1 for "N"); "key" is e.g. "A minor" or None, "chords" [{"start", "end", "label"}] in seconds.
    A version-1 file has no recognised harmony: its harmony comes back all masked (free)."""
    with open(path) as f:
        j = json.load(f)
    if j.get("format") != "undertone-controls" or j.get("version") not in (1, CONTROLS_VERSION):
        raise ValueError(f"{path}: not an undertone controls file of version 1-{CONTROLS_VERSION}")
    T = int(j["frames"])
    tracks = {}
    for name, dim in CONTROL_DIMS.items():
        c = j["controls"].get(name)
        if c is None or j["version"] < 2 and name == "harmony":
            tracks[name] = (np.zeros((T, dim), np.float32), np.zeros((T, dim), np.float32))
        else:
            tracks[name] = (np.asarray(c["values"], np.float32).reshape(T, dim),
                            np.asarray(c["mask"], np.float32).reshape(T, dim))
    return {"frames": T, "key": j.get("key"), "chords": j.get("chords", []), "controls": tracks}
