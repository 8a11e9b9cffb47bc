"""Config → objects. Configs are JSON; a child config may name a parent with "_base" and override
keys (deep merge), so the tiny CI config only states what differs."""
from __future__ import annotations

import json
import os

import torch

from .discriminators import Discriminators, MagnitudeDiscriminators
from .losses import PitchLosses, SpectralLosses
from .model import Codec


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_config(path: str) -> dict:
    with open(path) as f:
        cfg = json.load(f)
    if "_base" in cfg:
        base = load_config(os.path.join(os.path.dirname(path), cfg.pop("_base")))
        cfg = _merge(base, cfg)
    return cfg


def build_codec(cfg: dict) -> Codec:
    return Codec(**cfg["model"])


def build_discriminators(cfg: dict) -> Discriminators | MagnitudeDiscriminators:
    """The waveform discriminators, or — for a magnitude-only decoder with "mag_disc" — the ones
    that judge its log-magnitude frames (no resynthesis in the training loop)."""
    if cfg["model"]["decoder"].get("phase") == "magnitude" and cfg.get("mag_disc"):
        return MagnitudeDiscriminators(**cfg["mag_disc"])
    return Discriminators(**cfg["disc"])


def build_losses(cfg: dict) -> SpectralLosses:
    l = cfg["loss"]
    return SpectralLosses(cfg["model"]["sample_rate"], l["ffts"], l["mel_bins"])


def build_pitch_losses(cfg: dict) -> PitchLosses | None:
    """Only when a pitch term has weight: v1 configs train exactly as before."""
    l = cfg["loss"]
    if not any(l.get(k, 0) for k in ("logfreq", "chroma", "aux_chroma")):
        return None
    return PitchLosses(cfg["model"]["sample_rate"], cfg["model"]["hop"])


def load_codec(run_dir_or_ckpt: str, which: str = "best") -> tuple[Codec, dict]:
    """Rebuild a trained codec from a run folder (its config.json + best.pt/last.pt)."""
    path = run_dir_or_ckpt
    if os.path.isdir(path):
        path = os.path.join(path, f"{which}.pt")
        if not os.path.exists(path):
            path = os.path.join(os.path.dirname(path), "last.pt")
    ckpt = torch.load(path, map_location="cpu")
    model = build_codec(ckpt["config"])
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt["config"]
