"""Chord-recognition check: composer pieces whose chords are known, rendered across soundfonts,
instruments, tempi, meters, voicings and accompaniment patterns (block, arpeggio, alberti), scored
against the engine's own extraction (`undertone extract`: src/engine/harmony/recognise.ts) by
scripts/chord-eval.ts — frame-level MIREX majmin accuracy and key accuracy.

Two seed sets that share no seed with each other, with training (7 * 1_000_003 + i) or with
heldout_renders.py (99_000_017 + i): "tune" is the one recognition's parameters were chosen on,
"test" is only ever reported. Report the test set (training/reports/chords.md).

usage: python3 -m training.scripts.chord_eval --set test [--pieces 48] [--seconds 30]
           [--out training/.cache/chord_eval] [--render-only]
Writes <out>/<set>/<soundfont>/piece_NNN.{wav,json} (the score JSON holds "chords" and "key"),
<out>/<set>/manifest.json, then runs the scorer, which prints a table and writes
<out>/<set>/result.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys

from training.data.composer import VOICINGS, compose, draw_spec
from training.data.engine import ROOT
from training.data.render import render_midi

SOUNDFONTS = {"fluidr3": "/usr/share/sounds/sf2/FluidR3_GM.sf2",
              "timgm6mb": "/usr/share/sounds/sf2/TimGM6mb.sf2"}
SEED_BASES = {"tune": 55_000_001, "test": 77_000_003}


def render_set(name: str, pieces: int, seconds: float, out: str) -> list[dict]:
    rows = []
    midi_dir = os.path.join(out, name, "midi")
    os.makedirs(midi_dir, exist_ok=True)
    for i in range(pieces):
        seed = SEED_BASES[name] + i
        rng = random.Random(seed)
        spec = draw_spec(rng, seed, seconds)
        voicing = VOICINGS[i % len(VOICINGS)]  # every voicing meets every kind of piece in turn
        base = os.path.join(midi_dir, f"piece_{i:03d}")
        compose(spec, base + ".mid", base + ".json", voicing=voicing)
        for sf, sf_path in SOUNDFONTS.items():
            if not os.path.exists(sf_path):
                print(f"skip {sf}: {sf_path} missing", file=sys.stderr)
                continue
            d = os.path.join(out, name, sf)
            os.makedirs(d, exist_ok=True)
            wav = os.path.join(d, f"piece_{i:03d}.wav")
            if not os.path.exists(wav):
                render_midi(base + ".mid", wav[:-4] + ".tmp.wav", sf_path, 0.4, 32000)
                os.replace(wav[:-4] + ".tmp.wav", wav)
            rows.append({"wav": os.path.abspath(wav), "score": os.path.abspath(base + ".json"), "soundfont": sf,
                         "piece": i, "seed": seed, "voicing": voicing, "accomp": spec.accomp,
                         "meter": spec.meter, "bpm": spec.bpm, "drums": spec.drums, "programs": spec.programs})
    with open(os.path.join(out, name, "manifest.json"), "w") as f:
        json.dump(rows, f, indent=1)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=list(SEED_BASES), default="test")
    ap.add_argument("--pieces", type=int, default=48)  # the report's test set; the tune set used 16
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--out", default="training/.cache/chord_eval")
    ap.add_argument("--render-only", action="store_true")
    a = ap.parse_args()
    rows = render_set(a.set, a.pieces, a.seconds, a.out)
    print(f"{len(rows)} renders in {os.path.join(a.out, a.set)}", file=sys.stderr)
    if a.render_only:
        return 0
    manifest = os.path.abspath(os.path.join(a.out, a.set, "manifest.json"))
    return subprocess.run(["npx", "tsx", "scripts/chord-eval.ts", manifest,
                           "--out", os.path.abspath(os.path.join(a.out, a.set, "result.json"))], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
