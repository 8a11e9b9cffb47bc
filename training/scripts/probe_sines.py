"""Held notes through a codec run: sines and five-partial tones at −19.5 dBFS, 4 s each, encoded and
decoded in torch; prints each note's decoded level (RMS over the held part ÷ the input's) and the
pitch error of the strongest partial in cents. The probe that found held notes decoding silent
(training/reports/codec.md, session 4); run it on any checkpoint while a run trains.

usage: python3 -m training.scripts.probe_sines --run training/runs/codec-v2-mag [--which best|last]
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from training.codec.builders import load_codec

SR = 32000
NOTES = [65.4, 110.0, 220.0, 261.6, 440.0, 523.3, 1046.5, 2093.0]


def note(f0: float, partials: int, seconds: float = 4.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = sum(np.sin(2 * np.pi * f0 * k * t + k) / k for k in range(1, partials + 1) if f0 * k < 12000)
    return (x / np.sqrt(np.mean(x ** 2)) * 10 ** (-19.5 / 20)).astype(np.float32)


def strongest_hz(y: np.ndarray) -> float:
    n = 1 << 17
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y)), n))
    k = int(np.argmax(spec[1:-1])) + 1
    a, b, c = np.log(spec[k - 1:k + 2] + 1e-12)
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * SR / n


def probe(model) -> list[dict]:
    rows = []
    for partials in (1, 5):
        for f in NOTES:
            x = note(f, partials)
            with torch.no_grad():
                y = model.decode(model.encode(torch.from_numpy(x)[None, None]))[0, 0].numpy()
            a, b = x[SR // 2: -SR // 2], y[SR // 2: len(x) - SR // 2]
            level = float(np.sqrt(np.mean(b ** 2) / np.mean(a ** 2)))
            cents = float(1200 * np.log2(strongest_hz(b) / strongest_hz(a))) if level > 1e-3 else None
            rows.append({"hz": f, "partials": partials, "level": round(level, 3),
                         "cents": None if cents is None else round(cents, 1)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--which", default="last")
    a = ap.parse_args()
    torch.set_num_threads(1)
    model, _ = load_codec(a.run, a.which)
    for r in probe(model):
        print(json.dumps(r))


if __name__ == "__main__":
    main()
