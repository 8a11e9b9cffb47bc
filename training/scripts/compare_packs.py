"""Codec packs side by side on the held-out renders (training/scripts/heldout_renders.py): each
pack's encoder.onnx → decoder.int8.onnx (what the browser runs) in onnxruntime-node, scored by
log-mel L1 and MR-STFT (training/codec/losses.py), codebook usage, and the engine's round-trip
metrics through `undertone compare` (chroma cosine, melody, intensity PCC, beat F1 — one
definition, docs/controls.md), plus the engine's pitch fixtures (scripts/codec-pitch-report.ts).

usage: python3 -m training.scripts.compare_packs --packs public/models/codec-v1 public/models/codec-v2
       [--clips 16]   (a pack named ceiling:peaks is the synthesis ceiling: the clips' own magnitudes;
                       run:DIR[@which] a training run encoded and decoded in torch)
       [--out training/reports/codec_packs.json] [--wavs training/.cache/packeval]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess

import numpy as np
import torch

from training.codec.losses import SpectralLosses
from training.codec.metrics import codebook_usage
from training.data.wavio import read_wav, write_wav
from training.export.ort import ROOT, ort_decode, ort_run


def ceiling(clips: np.ndarray, n_fft: int = 1280, hop: int = 320) -> np.ndarray:
    """The synthesis ceiling: each clip's own STFT magnitudes in a decoder's framing, resynthesised
    with the phase derived from them (synth.py synthesize_peaks) — what a magnitude-only decoder
    would give if it predicted every magnitude exactly (scripts/codec-synthesis-ceiling.ts is the
    same on the pitch fixtures)."""
    from training.codec.losses import FrameLosses
    from training.codec.synth import synthesize_peaks
    target = FrameLosses(n_fft, hop)
    out = []
    for c in clips:
        with torch.no_grad():
            mag = target.target(torch.from_numpy(c)[None, None])[0].T.numpy()[None]
        out.append(synthesize_peaks(mag, n_fft, hop)[0, 0][: len(c)])
    return np.stack(out)


def run_round_trip(spec: str, clips: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A training run, not an exported pack ("run:DIR" or "run:DIR@which", which = best|last|init):
    encoded and decoded in torch, fp32, the magnitudes through the engine's phase-from-magnitudes
    synthesis — a run or checkpoint judged without exporting it."""
    from training.codec.builders import load_codec
    run, _, which = spec[len("run:"):].partition("@")
    model, _ = load_codec(run, which or "best")
    codes, ys = [], []
    with torch.no_grad():
        for c in clips:
            k = model.encode(torch.from_numpy(c)[None, None])
            codes.append(k.numpy())
            ys.append(model.decoder(model.code_latents(k)).reshape(-1).numpy()[: len(c)])
    return np.concatenate(codes), np.stack(ys)


def round_trip(pack: str, clips: np.ndarray, decoder: str = "decoder.int8.onnx") -> tuple[np.ndarray, np.ndarray]:
    if pack == "ceiling:peaks":
        return np.zeros((len(clips), 4, clips.shape[1] // 640), dtype=np.int64), ceiling(clips)
    if pack.startswith("run:"):
        return run_round_trip(pack, clips)
    codes, _ = ort_run(os.path.join(pack, "encoder.onnx"), [{"wav": c[None, None]} for c in clips], "codes")
    with open(os.path.join(pack, "manifest.json")) as f:
        synthesis = json.load(f).get("synthesis")
    ys, _ = ort_decode(os.path.join(pack, decoder), list(codes), synthesis)
    return np.concatenate(codes), np.concatenate(ys)[:, 0]


def engine_compare(pairs: list[dict], path: str) -> dict:
    with open(path, "w") as f:
        json.dump(pairs, f)
    res = subprocess.run(["node", os.path.join(ROOT, "bin", "undertone.mjs"), "compare", "--pairs", path],
                         capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        raise RuntimeError(res.stderr[-1500:])
    return json.loads(res.stdout)


def fixture_report(pack: str) -> dict:
    res = subprocess.run(["npx", "tsx", "scripts/codec-pitch-report.ts", os.path.abspath(pack) + "/", "--summary"],
                         capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        return {"error": res.stderr[-500:]}
    return json.loads(res.stdout)


def figures(rows: list[dict], clips: np.ndarray, decoded: dict, out: str, n: int = 3) -> None:
    """One held-out clip per soundfont (and one more): log-mel spectrograms, original then each
    pack, and 2.5 s excerpts of each for listening."""
    from training.scripts.report_codec import plot_spectrograms
    os.makedirs(out, exist_ok=True)
    pick, seen = [], set()
    for i, r in enumerate(rows):
        if r["soundfont"] not in seen:
            seen.add(r["soundfont"]); pick.append(i)
    pick = (pick + [i for i in range(len(rows)) if i not in pick])[:n]
    items, sr, excerpt = [], 32000, int(2.5 * 32000)
    for j, i in enumerate(pick):
        start = int(3 * sr)
        row = [("original", clips[i][start:start + 4 * sr])]
        row += [(name, ys[i][start:start + 4 * sr]) for name, ys in decoded.items()]
        items.append((f"{rows[i]['soundfont']} {os.path.basename(rows[i]['path'])[:-4]}", row))
        for name, x in row:
            write_wav(os.path.join(out, f"codec_heldout{j}_{name}.wav"), x[:excerpt], sr)
    plot_spectrograms(items, sr, os.path.join(out, "codec_spectrograms.png"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--packs", nargs="+", required=True)
    ap.add_argument("--manifest", default="training/.cache/heldout/manifest.jsonl")
    ap.add_argument("--clips", type=int, default=16)
    ap.add_argument("--out", default="training/reports/codec_packs.json")
    ap.add_argument("--wavs", default="training/.cache/packeval")
    ap.add_argument("--figures", help="write spectrograms (original | each pack) and 2.5 s WAV excerpts here")
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(a.manifest)]
    by_sf: dict[str, list] = {}
    for r in rows:
        by_sf.setdefault(r["soundfont"], []).append(r)
    rows = [r for group in zip(*by_sf.values()) for r in group][: a.clips]
    clips = np.stack([read_wav(r["path"])[0] for r in rows]).astype(np.float32)
    spectral = SpectralLosses(32000)
    out = {"clips": len(rows), "seconds_each": clips.shape[1] / 32000,
           "soundfonts": sorted({r["soundfont"] for r in rows}), "packs": {}}
    decoded = {}
    for pack in a.packs:
        if pack == "ceiling:peaks":
            name = "ceiling-peaks"
        elif pack.startswith("run:"):
            name = os.path.basename(os.path.normpath(pack[len("run:"):].partition("@")[0])) + "-torch"
        else:
            name = os.path.basename(os.path.normpath(pack))
        codes, ys = round_trip(pack, clips)
        decoded[name] = ys
        d = os.path.join(a.wavs, name)
        os.makedirs(d, exist_ok=True)
        pairs = []
        for r, y in zip(rows, ys):
            p = os.path.join(d, f"{r['soundfont']}_{os.path.basename(r['path'])}")
            write_wav(p, y, 32000)
            pairs.append({"original": os.path.abspath(r["path"]), "roundTrip": os.path.abspath(p)})
        x, y = torch.from_numpy(clips)[:, None], torch.from_numpy(ys)[:, None]
        per = [spectral(y[i:i + 1], x[i:i + 1]) for i in range(len(x))]
        eng = engine_compare(pairs, os.path.join(d, "pairs.json"))
        out["packs"][name] = {
            "log_mel_l1": float(np.mean([m.item() for m, _ in per])),
            "mr_stft": float(np.mean([s.item() for _, s in per])),
            "usage": codebook_usage(torch.from_numpy(codes), 2048),
            "engine": eng["mean"],
            "per_soundfont": {sf: float(np.mean([p["chromaCosine"] for p, r in zip(eng["pairs"], rows)
                                                 if r["soundfont"] == sf and "chromaCosine" in p]))
                              for sf in out["soundfonts"]} if "pairs" in eng else {},
            "fixtures": fixture_report(pack) if pack != "ceiling:peaks" and not pack.startswith("run:") else {},
        }
        print(name, json.dumps({k: v for k, v in out["packs"][name].items() if k != "usage"}), flush=True)
    if a.figures:
        figures(rows, clips, decoded, a.figures)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
