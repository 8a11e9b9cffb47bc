"""Track → clips: loudness-normalise the whole track (so its own dynamics survive), cut into
fixed-length clips, drop mostly-silent ones, assign the split by track (no track in two splits).
The levels are the engine's (src/engine/controls/levels.json): tracks are normalised to the
intensity lane's reference, so a track at its average loudness reads about 0 dB on that lane, and a frame
is silent below the level under which the engine's controls call a frame silent."""
from __future__ import annotations

import hashlib

import numpy as np

from .engine import INTENSITY_REFERENCE_DB, MELODY_GATE_DB


def split_of(track_id: str, valid: float, test: float, seed: int) -> str:
    h = int(hashlib.sha1(f"{seed}:{track_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test else "valid" if h < test + valid else "train"


def frame_db(x: np.ndarray, frame: int) -> np.ndarray:
    n = len(x) // frame
    if n == 0:
        return np.array([-120.0])
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    return 20 * np.log10(rms)


def normalise(x: np.ndarray, sr: int, target_dbfs: float = INTENSITY_REFERENCE_DB,
              silence_dbfs: float = MELODY_GATE_DB) -> np.ndarray:
    """Gain so the RMS over non-silent 100 ms frames hits target; then keep peaks under 0.99."""
    db = frame_db(x, sr // 10)
    active = db[db > silence_dbfs]
    if len(active) == 0:
        return x
    level = 10 * np.log10(np.mean(10 ** (active / 10)))
    y = x * 10 ** ((target_dbfs - level) / 20)
    peak = np.abs(y).max()
    return y * (0.99 / peak) if peak > 0.99 else y


def cut(x: np.ndarray, sr: int, clip_s: float, min_s: float, silence_dbfs: float = MELODY_GATE_DB,
        max_silent_fraction: float = 0.5):
    """Yield (start_sample, clip) for clips whose silent share of 100 ms frames is small."""
    n, m = int(clip_s * sr), int(min_s * sr)
    for start in range(0, len(x), n):
        c = x[start: start + n]
        if len(c) < m:
            break
        db = frame_db(c, sr // 10)
        if np.mean(db < silence_dbfs) > max_silent_fraction:
            continue
        yield start, c
