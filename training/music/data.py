"""Clips for the music model: tokens (K, T) at 50 Hz, controls (the engine's ControlTrack layout),
ensemble, and video descriptors (Tv = T / 5 frames at 10 fps).

- `synthetic_clip`: a clip made without the codec, for CI and for checking that the pipeline
  learns: its tokens are a fixed function of its controls (codebook 0 ← melody pitch class and
  intensity, 1 ← chord root and beat, 2 ← ensemble and arousal, 3 ← the previous frame), and its
  video follows the controls as the issue's synthetic videos will (cuts on downbeats, motion with
  intensity and arousal, brightness and hue with valence and the chord). It says nothing about
  music; it says whether every input reaches the logits.
- `controls_from_json` / `video_from_analysis`: the files `undertone extract` and `undertone
  analyze` write (docs/controls.md, docs/video.md) → the same arrays.
"""
from __future__ import annotations

import numpy as np

from .controls import CONTROL_SPEC, ENSEMBLE_DIM, TIME_CONTROLS
from .video import CONTEXT_DIM, FRAME_DIM, PATCH_DIM

MUSIC_RATE, VIDEO_RATE = 50, 10
KERNEL = np.array([0.1353, 0.6065, 1.0, 0.6065, 0.1353], np.float32)  # downbeat kernel (rhythm-kernel.ts)


def _smooth_curve(rng, T, lo, hi, knots=4):
    x = np.linspace(0, T - 1, knots)
    return np.interp(np.arange(T), x, rng.uniform(lo, hi, knots)).astype(np.float32)


def synthetic_clip(rng: np.random.Generator, frames: int, card: int = 2048) -> dict:
    T = frames
    period = int(rng.integers(20, 38))           # frames per beat: 79-150 BPM
    beats = np.arange(int(rng.integers(0, period)), T, period)
    rhythm = np.zeros((T, 1), np.float32)
    rhythm[beats, 0] = 1
    for b in beats[::4]:
        for o, w in zip(range(-2, 3), KERNEL):
            if 0 <= b + o < T:
                rhythm[b + o, 0] += w
    intensity = _smooth_curve(rng, T, -36, -8)[:, None]
    melody, mel_mask = np.zeros((T, 12), np.float32), np.ones((T, 12), np.float32)
    pcs = np.zeros(T, np.int64)
    t = 0
    while t < T:
        n = int(rng.integers(10, 40))
        pc = int(rng.integers(0, 12))
        pcs[t:t + n] = pc
        melody[t:t + n, pc] = 1
        t += n
    emotion = np.stack([_smooth_curve(rng, T, -1, 1), _smooth_curve(rng, T, -1, 1)], 1)
    harmony, roots = np.zeros((T, 24), np.float32), np.zeros(T, np.int64)
    bar = period * 4
    for a in range(0, T, bar):
        root, minor = int(rng.integers(0, 12)), bool(rng.integers(0, 2))
        for iv in (0, 3 if minor else 4, 7):
            harmony[a:a + bar, (root + iv) % 12] = 1
        harmony[a:a + bar, 12 + root] = 1
        roots[a:a + bar] = root
    ensemble = (rng.random(ENSEMBLE_DIM) < 0.25).astype(np.float32)
    level = np.clip(((intensity[:, 0] + 40) / 36 * 8).astype(np.int64), 0, 7)
    beat = (rhythm[:, 0] >= 0.9).astype(np.int64)
    arousal_bin = np.clip(((emotion[:, 1] + 1) * 4).astype(np.int64), 0, 7)
    ens_code = int(ensemble @ (2 ** np.arange(ENSEMBLE_DIM) % 61)) % 64
    codes = np.zeros((4, T), np.int64)
    codes[0] = (pcs * 8 + level) * 2 + beat
    codes[1] = 200 + roots * 2 + beat
    codes[2] = 400 + ens_code * 8 + arousal_bin
    codes[3] = (np.concatenate([[0], codes[0, :-1]]) * 7 + 3) % card
    controls = {"rhythm": rhythm, "intensity": intensity, "melody": melody, "emotion": emotion, "harmony": harmony}
    masks = {n: np.ones_like(v) for n, v in controls.items()}
    masks["melody"] = mel_mask
    return {"codes": codes, "controls": {n: (controls[n], masks[n]) for n in TIME_CONTROLS},
            "ensemble": (ensemble, np.ones(ENSEMBLE_DIM, np.float32)), **synthetic_video(rng, controls, beats[::4])}


def synthetic_video(rng, controls: dict, downbeats: np.ndarray) -> dict:
    T = controls["rhythm"].shape[0]
    Tv = -(-T // (MUSIC_RATE // VIDEO_RATE))
    at = np.minimum(np.arange(Tv) * (MUSIC_RATE // VIDEO_RATE), T - 1)
    val, aro = controls["emotion"][at, 0], controls["emotion"][at, 1]
    inten = (controls["intensity"][at, 0] + 40) / 36
    frame = rng.uniform(0, 0.05, (Tv, FRAME_DIM)).astype(np.float32)
    frame[:, 3] = 0.5 + 0.3 * val                                  # brightness
    frame[:, 9] = 0.02 + 0.06 * np.clip(inten * 0.5 + (aro + 1) * 0.25, 0, 1)  # motion
    cut_frames = np.unique(np.minimum(downbeats // (MUSIC_RATE // VIDEO_RATE), Tv - 1))
    frame[cut_frames, 10] = 1.0                                     # cut
    root = np.argmax(controls["harmony"][at, 12:], 1)
    frame[np.arange(Tv), 11 + root % 6] += 0.5                      # hue bin follows the chord root
    context = np.zeros((Tv, CONTEXT_DIM), np.float32)
    for j in range(Tv):
        w = frame[max(0, j - 32):j + 33]
        context[j] = [w[:, 9].mean(), w[:, 9].std(), 0, 0, w[:, 10].sum() / (len(w) / VIDEO_RATE),
                      w[:, 3].mean(), 0, 0, w[:, 5].mean(), w[:, 6].mean()]
    patch = np.repeat(frame[:, None, [0, 1, 2, 3, 4, 8, 9]], 16, 1) + rng.normal(0, 0.02, (Tv, 16, PATCH_DIM))
    return {"frame": frame, "context": context, "patch": patch.astype(np.float32)}


def controls_from_json(j: dict) -> dict:
    """An `undertone extract` file → {name: (values (T, dim), mask (T, dim))}; controls the file
    lacks (harmony until recognition fills it) come back all masked."""
    T, out = int(j["frames"]), {}
    for n in TIME_CONTROLS:
        dim = CONTROL_SPEC[n][0]
        c = j.get("controls", {}).get(n)
        if c is None:
            out[n] = (np.zeros((T, dim), np.float32), np.zeros((T, dim), np.float32))
        else:
            out[n] = (np.asarray(c["values"], np.float32).reshape(T, dim), np.asarray(c["mask"], np.float32).reshape(T, dim))
    return out


def video_from_analysis(j: dict) -> dict:
    """An `undertone analyze` file's descriptors → frame (Tv, 17), context (Tv, 10), patch (Tv, 16, 7)."""
    spec = j["spec"]
    assert spec["version"] == 1 and spec["fps"] == VIDEO_RATE, f"video descriptors v{spec['version']} at {spec['fps']} fps"
    d = j["descriptors"]
    Tv = len(d["frame"])
    return {"frame": np.asarray(d["frame"], np.float32).reshape(Tv, FRAME_DIM),
            "context": np.asarray(d["context"], np.float32).reshape(Tv, CONTEXT_DIM),
            "patch": np.asarray(d["patch"], np.float32).reshape(Tv, 16, PATCH_DIM)}


def collate(clips: list[dict]):
    """Clips of equal length → batch tensors: codes (B, K, T), video (B, Tv, …), controls dict."""
    import torch
    f = lambda key: torch.from_numpy(np.stack([c[key] for c in clips]))
    controls = {n: (torch.from_numpy(np.stack([c["controls"][n][0] for c in clips])),
                    torch.from_numpy(np.stack([c["controls"][n][1] for c in clips]))) for n in TIME_CONTROLS}
    controls["ensemble"] = (torch.from_numpy(np.stack([c["ensemble"][0] for c in clips])),
                            torch.from_numpy(np.stack([c["ensemble"][1] for c in clips])))
    return {"codes": f("codes"), "frame": f("frame"), "context": f("context"), "patch": f("patch"), "controls": controls}
