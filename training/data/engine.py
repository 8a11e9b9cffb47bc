"""The engine (src/engine, TypeScript) as training sees it: its CLI and its constants. Audio
decoding and resampling, control signals and loudness levels are defined there once (DESIGN
principle 2); training calls the CLI and reads the constants instead of re-implementing them."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = [os.environ.get("NODE", "node"), os.path.join(ROOT, "bin", "undertone.mjs")]

with open(os.path.join(ROOT, "src", "engine", "controls", "levels.json")) as _f:
    LEVELS: dict = json.load(_f)

# The loudness every track is normalised to: the intensity lane's 0 dB (docs/controls.md, "Levels").
INTENSITY_REFERENCE_DB: float = LEVELS["INTENSITY_REFERENCE_DB"]
# Below this level a frame counts as silent (no melody); training drops clips mostly below it.
MELODY_GATE_DB: float = LEVELS["MELODY_GATE_DB"]


def decode_batch(jobs: list[tuple[str, str]], sample_rate: int, fmt: str = "float32",
                 quiet: bool = True) -> dict[str, dict]:
    """`undertone decode --batch`: every (input, output WAV) pair through the engine's decoder,
    mixdown and resampler in one Node process. Outputs that already exist are skipped (so a killed
    run resumes) and are written under a temporary name first. Returns the CLI's report per output:
    {"status": "ok" | "skipped" | "error", "samples"?, "error"?}. A bad file is reported, not raised;
    a CLI that cannot run at all raises."""
    if not jobs:
        return {}
    ours = {os.path.abspath(o): o for _, o in jobs}  # the CLI runs in ROOT: hand it absolute paths
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump([{"in": os.path.abspath(i), "out": os.path.abspath(o)} for i, o in jobs], f)
        listing = f.name
    try:
        res = subprocess.run(CLI + ["decode", "--batch", listing, "--rate", str(sample_rate), "--format", fmt],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE if quiet else None, text=True)
    finally:
        os.unlink(listing)
    report = {}
    for line in res.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            report[ours[r["out"]]] = r
    if res.returncode not in (0, 1) or len(report) != len(jobs):
        raise RuntimeError(f"undertone decode failed (exit {res.returncode}): {(res.stderr or '')[-2000:]}")
    return report
