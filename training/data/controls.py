"""Controls for every clip come from the engine's CLI — the same TypeScript the browser runs —
never from a Python re-implementation (DESIGN principle 2)."""
from __future__ import annotations

import json
import os
import re
import subprocess

from .engine import CLI, ROOT


def cli_has_extract() -> bool:
    res = subprocess.run(CLI + ["--help"], capture_output=True, text=True, cwd=ROOT)
    return any(line.strip().startswith("extract") for line in (res.stdout + res.stderr).splitlines())


def extract_batch(clip_dir: str, out_dir: str) -> None:
    """`undertone extract --batch <clips> --out <controls> --skip-existing`: one JSON per clip, named
    by the clip id (the WAV's stem); rerunning resumes where a killed run stopped. The CLI reports
    and skips a bad file and exits 1 at the end, which raises here."""
    os.makedirs(out_dir, exist_ok=True)
    subprocess.run(CLI + ["extract", "--batch", clip_dir, "--out", out_dir, "--skip-existing"], check=True,
                   cwd=ROOT, stderr=subprocess.DEVNULL if os.environ.get("QUIET") else None)


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
