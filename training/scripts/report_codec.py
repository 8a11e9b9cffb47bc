"""Codec report: loss curves, held-out test figures (torch, onnx fp32, onnx int8), codebook usage,
spectrograms, a few short WAVs → training/reports/codec.md (+ PNGs, metrics JSON).

usage: python3 -m training.scripts.report_codec --run training/runs/codec-v1 --pack public/models/codec-v1
"""
from __future__ import annotations

import argparse
import json
import os
import random

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from training.codec.builders import load_codec  # noqa: E402
from training.codec.dataset import load_manifest, read_segment  # noqa: E402
from training.codec.evaluate import evaluate  # noqa: E402
from training.data.wavio import write_wav  # noqa: E402


def plot_losses(log_path: str, out: str) -> dict:
    rows = [json.loads(l) for l in open(log_path)]
    tr = [r for r in rows if "loss" in r]
    va = [r for r in rows if "valid_mel" in r]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for key in ("mel", "mrstft"):
        axes[0].plot([r["step"] for r in tr], [r[key] for r in tr], label=f"train {key}", lw=0.8)
    axes[0].plot([r["step"] for r in va], [r["valid_mel"] for r in va], "o-", label="valid log-mel L1")
    axes[0].set_xlabel("step"); axes[0].set_ylim(bottom=0); axes[0].legend(); axes[0].set_title("reconstruction")
    axes[1].plot([r["step"] for r in tr], [r["commit"] for r in tr], lw=0.8, label="commitment")
    axes[1].set_yscale("log"); axes[1].set_xlabel("step"); axes[1].legend(); axes[1].set_title("VQ")
    adv = [r for r in tr if "adv" in r]
    if adv:
        for key in ("disc", "adv", "feat"):
            axes[2].plot([r["step"] for r in adv], [r[key] for r in adv], lw=0.8, label=key)
        axes[2].legend()
    axes[2].set_title("adversarial (after adv_start_step)"); axes[2].set_xlabel("step")
    fig.tight_layout(); fig.savefig(out, dpi=90); plt.close(fig)
    t0, t1 = tr[0]["time"], tr[-1]["time"]
    return {"steps": tr[-1]["step"], "hours": (t1 - t0) / 3600, "audio_s_per_s": tr[-1].get("audio_s_per_s"),
            "adv_steps": len(adv) and adv[-1]["step"] - adv[0]["step"] + 1,
            "best_valid_mel": min((r["valid_mel"] for r in va), default=None)}


def log_mel(x: np.ndarray, sr: int) -> np.ndarray:
    import torchaudio
    m = torchaudio.transforms.MelSpectrogram(sr, n_fft=2048, hop_length=256, n_mels=128)(torch.from_numpy(x))
    return torch.log10(m.clamp_min(1e-6)).numpy()


def plot_spectrograms(items: list[tuple[str, list[tuple[str, np.ndarray]]]], sr: int, out: str) -> None:
    cols = len(items[0][1])
    fig, axes = plt.subplots(len(items), cols, figsize=(4 * cols, 2.8 * len(items)), squeeze=False)
    for i, (clip, row) in enumerate(items):
        for j, (name, x) in enumerate(row):
            axes[i][j].imshow(log_mel(x, sr), origin="lower", aspect="auto", vmin=-5, vmax=2, cmap="magma")
            axes[i][j].set_title(f"{clip[:28]} · {name}", fontsize=8); axes[i][j].axis("off")
    fig.tight_layout(); fig.savefig(out, dpi=80); plt.close(fig)


def plot_usage(usage: list[dict], size: int, out: str) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(9, 3))
    k = [u["codebook"] for u in usage]
    axes[0].bar(k, [u["used_fraction"] for u in usage]); axes[0].axhline(0.8, color="r", ls="--", label="bar 0.8")
    axes[0].set_ylim(0, 1); axes[0].set_title("fraction of 2048 entries used (test)"); axes[0].legend()
    axes[1].bar(k, [u["perplexity"] for u in usage]); axes[1].axhline(size, color="gray", ls=":")
    axes[1].set_title("perplexity (test)")
    for a in axes:
        a.set_xlabel("codebook"); a.set_xticks(k)
    fig.tight_layout(); fig.savefig(out, dpi=90); plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/codec-v1")
    ap.add_argument("--pack", default="public/models/codec-v1")
    ap.add_argument("--out", default="training/reports")
    ap.add_argument("--clips", type=int, default=400, help="test clips to evaluate (10 s windows, 5 s each)")
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(a.out, exist_ok=True)
    model, cfg = load_codec(a.run, "best")
    sr, hop = cfg["model"]["sample_rate"], cfg["model"]["hop"]
    seg = int(a.seconds * sr) // hop * hop
    rows = load_manifest(cfg["data"]["manifest"], "test")
    random.Random(0).shuffle(rows)
    rows = rows[: a.clips]
    clips = [torch.from_numpy(read_segment(r["path"], 0, seg))[None] for r in rows]
    onnx = {k: os.path.join(a.pack, f) for k, f in (("fp32", "decoder.onnx"), ("int8", "decoder.int8.onnx"))
            if os.path.exists(os.path.join(a.pack, f))}
    res, recon, _ = evaluate(model, clips, sr, onnx or None)
    res["training"] = plot_losses(os.path.join(a.run, "log.jsonl"), os.path.join(a.out, "codec_losses.png"))
    res["test_sources"] = sorted({r["package"] for r in rows})
    plot_usage(res["usage"], model.codebook_size, os.path.join(a.out, "codec_usage.png"))
    # One clip per kind of source (game audio, MIDI render, composer) where the test set has them.
    pick, seen = [], set()
    for i, r in enumerate(rows):
        if r["source"] not in seen:
            seen.add(r["source"]); pick.append(i)
    pick = (pick + [i for i in range(len(rows)) if i not in pick])[:3]
    items = []
    wav_s = int(2.5 * sr)
    for i in pick:
        row = [("original", clips[i][0].numpy())] + [(k, v[i, 0].numpy()) for k, v in recon.items()]
        items.append((rows[i]["id"], row))
        write_wav(os.path.join(a.out, f"codec_clip{i}_original.wav"), clips[i][0, :wav_s].numpy(), sr)
        write_wav(os.path.join(a.out, f"codec_clip{i}_recon.wav"), recon["torch"][i, 0, :wav_s].numpy(), sr)
    res["spectrogram_clips"] = [rows[i]["id"] for i in pick]
    plot_spectrograms(items, sr, os.path.join(a.out, "codec_spectrograms.png"))
    with open(os.path.join(a.out, "codec_metrics.json"), "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps({k: v for k, v in res.items() if k != "usage"}, indent=1))
    print(json.dumps(res["usage"]))


if __name__ == "__main__":
    main()
