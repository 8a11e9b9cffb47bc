"""The pitch fixtures through a training run in torch, scored by the engine (`undertone compare`).

What `scripts/codec-pitch-report.ts` measures on an exported pack, for what cannot be exported:
a run without a quantiser (the diagnostic ladder's unquantised rung) or a checkpoint before export.
Each fixture note and phrase is encoded, decoded from the codes (or, with `--latents
unquantised`, from the encoder's latents straight), resynthesised with the engine's phase-from-
magnitudes maths (codec/synth.py), and compared with its original.

usage: python3 -m training.scripts.note_round_trip --run training/runs/codec-v2-mag-unquantised
       [--which best|last] [--latents codes|unquantised] [--fixtures test/fixtures/pitch] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile

import numpy as np
import torch

from training.codec.builders import load_codec
from training.data.wavio import read_wav, write_wav


def mean_or_none(values):
    values = list(values)
    return statistics.mean(values) if values else None


@torch.no_grad()
def round_trip(model, x: np.ndarray, latents: str) -> np.ndarray:
    n = len(x)
    hop = model.hop
    padded = np.zeros(-(-n // hop) * hop, dtype=np.float32)
    padded[:n] = x
    wav = torch.from_numpy(padded)[None, None]
    z = model.encoder(wav)
    q = z if latents == "unquantised" else model.code_latents(model.encode_latents(z))
    return model.decoder(q).reshape(-1).numpy()[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--which", default="best")
    ap.add_argument("--latents", choices=["codes", "unquantised"], default="codes")
    ap.add_argument("--fixtures", default="test/fixtures/pitch")
    ap.add_argument("--out", help="folder for the decoded WAVs and pairs.json (default: a temporary one)")
    a = ap.parse_args()
    model, _ = load_codec(a.run, a.which)
    model.eval()
    fx = json.load(open(os.path.join(a.fixtures, "fixtures.json")))
    out = a.out or tempfile.mkdtemp(prefix="note-round-trip-")
    os.makedirs(out, exist_ok=True)
    pairs = []
    for item, kind in [(n, "note") for n in fx["notes"]] + [(p, "phrase") for p in fx["phrases"]]:
        src = os.path.abspath(os.path.join(a.fixtures, item["file"]))
        x, sr = read_wav(src)
        assert sr == model.sample_rate, (src, sr)
        dst = os.path.join(out, item["file"].replace(".wav", ".rt.wav"))
        write_wav(dst, round_trip(model, x.astype(np.float32), a.latents), sr)
        pair = {"original": src, "roundTrip": os.path.abspath(dst), "note": kind == "note"}
        if kind == "phrase":
            pair["melody"] = item["melody"]
        pairs.append(pair)
    with open(os.path.join(out, "pairs.json"), "w") as f:
        json.dump(pairs, f)
    res = subprocess.run(["node", "bin/undertone.mjs", "compare", "--pairs", os.path.join(out, "pairs.json")],
                         capture_output=True, text=True, check=True)
    results = json.loads(res.stdout)
    rows = results["pairs"] if isinstance(results, dict) and "pairs" in results else results
    notes = [r for r, p in zip(rows, pairs) if p["note"]]
    phrases = [r for r, p in zip(rows, pairs) if not p["note"]]
    cents = [abs(r["cents"]) for r in notes if r.get("cents") is not None]
    summary = {
        "run": a.run, "which": a.which, "latents": a.latents, "fixtures": a.fixtures,
        "notes_within_50_cents": sum(c <= 50 for c in cents) / len(notes),
        "median_abs_cents": statistics.median(cents) if cents else None,
        # (a note-only set, e.g. make-pitch-fixtures' PITCH_SET=wide, has no phrases)
        "phrase_chroma_cosine": mean_or_none(r["chromaCosine"] for r in phrases),
        "phrase_beat_f1": mean_or_none(r["beatF1"] for r in phrases),
        "phrase_melody_accuracy": mean_or_none(r["melodyAccuracy"] for r in phrases),
        "octave_off": [os.path.basename(p["original"]) for r, p in zip(rows, pairs)
                       if p["note"] and r.get("cents") is not None and abs(abs(r["cents"]) - 1200) < 100],
        # every note that misses the bar, with its error (None: no pitch found in the round trip)
        "missed": {os.path.basename(p["original"]): (None if r.get("cents") is None else round(r["cents"]))
                   for r, p in zip(rows, pairs) if p["note"] and (r.get("cents") is None or abs(r["cents"]) > 50)},
        "wavs": out,
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
