"""Where a low note's fundamental is lost: the quantiser ladder on the pitch fixtures.

For each held note of `test/fixtures/pitch/` (TimGM6mb, never trained on), the decoder's own log
magnitudes (its STFT frames, middle of the note) at the fundamental minus those at the 2nd
partial, in dB, decoded from codebook 0, codebooks 0-1, 0-2, 0-3 and from the encoder's latents
unquantised, beside the original's (a Hann STFT in the same frames). A note that decodes an octave
up has its fundamental far below its 2nd partial. With a codebook-0 bass head (configs
`aux.bass`), also what that head says about the note's own semitone band and the octave above,
against the target (losses.BassTarget).

usage: python3 -m training.scripts.fundamental_ladder --run training/runs/codec-v3-bass [--which last]
       [--notes reed-organ-48 trombone-46 …]
"""
from __future__ import annotations

import argparse
import os

import numpy as np
import torch
import torch.nn.functional as F

from training.codec.builders import load_codec
from training.codec.losses import BassTarget
from training.data.wavio import read_wav

FIXTURES = "test/fixtures/pitch"  # --fixtures: the same set in another bank (scripts/make-pitch-fixtures.ts PITCH_OUT)
# Notes below ≈ 300 Hz that decoded an octave off through codec-v2 (reports/codec.md, sessions
# 11-12), and two that decode right, for contrast.
DEFAULT_NOTES = ["07-reed-organ-48", "18-trombone-46", "15-strings-55", "17-trumpet-62", "08-accordion-57",
                 "19-alto-sax-61", "14-cello-50", "09-nylon-guitar-45", "12-finger-bass-43", "13-violin-69"]
LEVEL_DB = -20.0  # the engine's mix reference (INTENSITY_REFERENCE_DB): where the codec trains


def load_note(name: str, folder: str = FIXTURES) -> tuple[torch.Tensor, int]:
    x, sr = read_wav(os.path.join(folder, f"note-{name}.wav"))
    assert sr == 32000, sr
    x = x.astype(np.float32)
    x *= 10 ** (LEVEL_DB / 20) / max(float(np.sqrt((x ** 2).mean())), 1e-6)
    x = x[: len(x) // 640 * 640]
    return torch.from_numpy(x)[None, None], int(name.split("-")[-1])


def middle(frames: torch.Tensor) -> torch.Tensor:
    """Mean over the 2nd quarter of the frames (time on dim 0): the note held, attack gone."""
    n = frames.shape[0]
    return frames[n // 4: n // 2].mean(0)


@torch.no_grad()
def note_row(model, x: torch.Tensor, midi: int, bass_target: BassTarget) -> dict:
    n_fft = model.decoder.istft.n_fft
    hop = model.decoder.istft.hop
    bin_hz = model.sample_rate / n_fft
    k1 = round(440 * 2 ** ((midi - 69) / 12) / bin_hz)
    z = model.encoder(x)
    codes = model.encode_latents(z)
    latents = [model.code_latents(codes[:, : k + 1]) for k in range(codes.shape[1])]
    latents.append(z)

    def gap(mag: torch.Tensor) -> float:
        db = 20 * torch.log10(middle(mag) + 1e-7)
        return float(db[k1] - db[2 * k1])

    row = {f"cb{k + 1}": gap(model.decoder.magnitudes(lat)[0]) for k, lat in enumerate(latents[:-1])}
    row["unquantised"] = gap(model.decoder.magnitudes(latents[-1])[0])
    pad = (n_fft - hop) // 2
    spec = torch.stft(F.pad(x[0], (pad, pad), mode="reflect"), n_fft, hop, window=torch.hann_window(n_fft),
                      center=False, return_complex=True).abs()[0]
    row["original"] = gap(spec.t())
    if getattr(model, "bass_head", None) is not None:
        model.quantizer(z)  # fills last_layers (eval: no dropout, no restarts)
        pred = torch.sigmoid(model.bass_head(model.quantizer.last_layers[0].float()))[0].t()
        target = bass_target(x)[0].t()
        band = midi - 24
        if 0 <= band and band + 12 < BassTarget.bands:
            row["head_note"], row["head_octave_up"] = float(middle(pred)[band]), float(middle(pred)[band + 12])
            row["target_note"], row["target_octave_up"] = float(middle(target)[band]), float(middle(target)[band + 12])
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True, help="run folder or weights-only checkpoint")
    ap.add_argument("--which", default="last")
    ap.add_argument("--notes", nargs="*", default=DEFAULT_NOTES)
    ap.add_argument("--fixtures", default=FIXTURES)
    a = ap.parse_args()
    model, _ = load_codec(a.run, a.which)
    model.eval()
    bass_target = BassTarget(model.sample_rate, model.hop)
    rows = {}
    for name in a.notes:
        x, midi = load_note(name, a.fixtures)
        rows[name] = note_row(model, x, midi, bass_target)
    cols = list(next(iter(rows.values())).keys())
    print(f"fundamental − 2nd partial (dB) in the decoder's frames; {a.run} ({a.which}); {a.fixtures}\n")
    print("| note | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.2f}" if c.startswith(("head", "target")) else f"{row[c]:.0f}"
                                         for c in cols) + " |")
    # how far each rung's balance is from the original's, on average: the number to watch
    off = {c: float(np.mean([abs(r[c] - r["original"]) for r in rows.values()])) for c in cols
           if not c.startswith(("head", "target", "original"))}
    print("| **mean distance from the original** | " + " | ".join(f"{off[c]:.1f}" if c in off else "" for c in cols) + " |")
    mean = {c: float(np.mean([r[c] for r in rows.values() if c in r])) for c in cols}
    print("| **mean** | " + " | ".join(f"{mean[c]:.2f}" if c.startswith(("head", "target")) else f"{mean[c]:.1f}"
                                       for c in cols) + " |")


if __name__ == "__main__":
    main()
