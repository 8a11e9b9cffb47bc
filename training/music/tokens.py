"""The codec token set for the music model (`data.kind: "tokens"`): real music, encoded by a codec,
with the engine's extracted controls, the composer's instrumentation and a synthetic video per clip.

`training/scripts/build_music_data.py` writes one folder per codec and split that this class reads
with memory maps (no JSON is parsed while training):

<cache>/music/<codec>/<split>/index.jsonl   one clip a line: id, track, source, offset / frames (token
                                            frames, rows of the token and control arrays), video_offset /
                                            video_frames (rows of the video arrays), ensemble, ensemble_mask
                          controls.npy      float32 (frames, 40): rhythm, intensity, melody, emotion, harmony
                          controls_mask.npy uint8   (frames, 40): their masks (columns as CONTROL_SPEC orders them)
                          video_frame.npy   float32 (video frames, 17)   `undertone analyze` descriptors of the
                          video_context.npy float32 (video frames, 10)   clip's synthetic video (docs/video.md)
                          video_patch.npy   float32 (video frames, 16, 7)
<cache>/tokens/<codec>/<split>.npy          int16 (K, frames): tokenize.py's codes (read in place)

A training item is a random crop of `seconds` (a whole number of video frames: 5 token frames at
50 Hz per video frame at 10 fps), starting on a video frame, so tokens, controls and video stay on one
clock. Clips shorter than the crop are left out (the loss has no padding mask). Batches are drawn by
the train loop's rng, seeded by (seed, stage, step, rank), so a batch is reproducible. The valid split
uses fixed crops (the clip's start) of up to `valid_clips` clips spread over the index.
"""
from __future__ import annotations

import json
import os

import numpy as np

from .controls import CONTROL_SPEC, ENSEMBLE_DIM, TIME_CONTROLS
from .data import MUSIC_RATE, VIDEO_RATE, collate

STEP = MUSIC_RATE // VIDEO_RATE  # token frames per video frame
CONTROL_COLUMNS = {}  # name → (first column, last column + 1) in controls.npy
_c = 0
for _n in TIME_CONTROLS:
    CONTROL_COLUMNS[_n] = (_c, _c + CONTROL_SPEC[_n][0])
    _c += CONTROL_SPEC[_n][0]
CONTROL_WIDTH = _c


def pack_dir(cache: str, codec: str, split: str) -> str:
    return os.path.join(cache, "music", codec, split)


def read_index(folder: str) -> list[dict]:
    with open(os.path.join(folder, "index.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


class TokenClips:
    """Crops of the token set of one codec and split (see the module docstring)."""

    def __init__(self, d: dict, seed: int, split: str):
        self.cache, self.codec = d.get("cache_dir", "training/.cache"), d["codec"]
        self.split = split
        self.frames = int(round(d["seconds"] * MUSIC_RATE))
        assert self.frames % STEP == 0, f"data.seconds must be a whole number of video frames (1/{VIDEO_RATE} s)"
        folder = pack_dir(self.cache, self.codec, split)
        if not os.path.exists(os.path.join(folder, "index.jsonl")):
            raise FileNotFoundError(f"{folder}/index.jsonl is missing: run python3 -m training.scripts.build_music_data "
                                    f"--codec {self.codec} (docs/music-model.md, Data)")
        rows = read_index(folder)
        self.clips = [r for r in rows if r["frames"] >= self.frames]
        self.dropped = len(rows) - len(self.clips)
        if not self.clips:
            raise ValueError(f"{folder}: no clip has {self.frames} frames ({len(rows)} clips, all shorter)")
        load = lambda name: np.load(os.path.join(folder, name), mmap_mode="r")
        self.codes = np.load(os.path.join(self.cache, "tokens", self.codec, f"{split}.npy"), mmap_mode="r")
        self.controls, self.masks = load("controls.npy"), load("controls_mask.npy")
        self.v_frame, self.v_context, self.v_patch = load("video_frame.npy"), load("video_context.npy"), load("video_patch.npy")
        # data.boost {"id_prefix", "share"}: that share of each training batch comes from the clips
        # whose id starts with the prefix (the emotion-arc pieces: 2 h of 10, and the thing a
        # fine-tune is for); absent, batches draw uniformly as before, with the same random numbers.
        # A list of them boosts several groups (the arcs and the gain-automated copies), each its share.
        boost = d.get("boost") if split == "train" else None
        groups = [boost] if isinstance(boost, dict) else list(boost or [])
        self.boost_groups = [(ids, float(g["share"])) for g in groups
                             if (ids := [i for i, r in enumerate(self.clips) if r["id"].startswith(g["id_prefix"])])]
        assert sum(s for _, s in self.boost_groups) <= 1, "data.boost shares add up to more than 1"
        if split != "train":
            n = min(len(self.clips), int(d.get("valid_clips", 64)))
            # spread over the index (sorted by track), so a few long tracks do not fill it
            self.clips = [self.clips[i] for i in np.linspace(0, len(self.clips) - 1, n).round().astype(int)]

    def __len__(self) -> int:
        return len(self.clips)

    def item(self, i: int, start: int) -> dict:
        """Clip i from token frame `start` (a multiple of STEP) for self.frames frames."""
        c, T = self.clips[i], self.frames
        assert start % STEP == 0 and 0 <= start <= c["frames"] - T, (c["id"], start)
        a, v = c["offset"] + start, c["video_offset"] + start // STEP
        Tv = T // STEP
        values, masks = np.asarray(self.controls[a:a + T]), np.asarray(self.masks[a:a + T], np.float32)
        controls = {n: (values[:, lo:hi] * masks[:, lo:hi], masks[:, lo:hi]) for n, (lo, hi) in CONTROL_COLUMNS.items()}
        return {"codes": np.asarray(self.codes[:, a:a + T], np.int64), "controls": controls,
                "ensemble": (np.asarray(c["ensemble"], np.float32), np.asarray(c["ensemble_mask"], np.float32)),
                "frame": np.asarray(self.v_frame[v:v + Tv]), "context": np.asarray(self.v_context[v:v + Tv]),
                "patch": np.asarray(self.v_patch[v:v + Tv]), "id": c["id"], "start": start}

    def draw(self, size: int, rng: np.random.Generator) -> list[tuple[int, int]]:
        """A training batch's (clip index, start frame) pairs."""
        picks = rng.integers(0, len(self.clips), size)
        if len(self.boost_groups) == 1:  # the same random numbers as before lists were allowed
            ids, share = self.boost_groups[0]
            boosted = rng.random(size) < share
            picks = np.where(boosted, np.asarray(ids)[rng.integers(0, len(ids), size)], picks)
        elif self.boost_groups:
            u, at = rng.random(size), 0.0
            for ids, share in self.boost_groups:
                chosen = (u >= at) & (u < at + share)
                picks = np.where(chosen, np.asarray(ids)[rng.integers(0, len(ids), size)], picks)
                at += share
        out = []
        for i in picks:
            room = (self.clips[i]["frames"] - self.frames) // STEP  # video-frame starts that fit
            out.append((int(i), int(rng.integers(0, room + 1)) * STEP))
        return out

    def batch(self, size: int, rng: np.random.Generator) -> dict:
        return collate([self.item(i, start) for i, start in self.draw(size, rng)])

    def all(self) -> dict:
        return collate([self.item(i, 0) for i in range(len(self.clips))])


def ensemble_of_score(score: dict) -> tuple[list[float], list[float]]:
    """A composer score (training/data/composer.py) → the GM families (program ÷ 8) that play, mask 1
    everywhere: every family is known to play or not. The drum kit (channel 10) has no program and so
    no family: the ensemble says nothing about drums."""
    fam = [0.0] * ENSEMBLE_DIM
    for program in score["spec"]["programs"].values():
        fam[int(program) // 8] = 1.0
    return fam, [1.0] * ENSEMBLE_DIM
