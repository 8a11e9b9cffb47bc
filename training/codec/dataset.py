"""Random fixed-length segments from the clip manifest (one JSON object per line: path, split)."""
from __future__ import annotations

import json
import random
import wave

import numpy as np
import torch

from .tones import harmonic_tone


def load_manifest(path: str, split: str) -> list[dict]:
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if r["split"] == split]


def read_segment(path: str, start: int, length: int) -> np.ndarray:
    """Read only the requested samples (clips are 16-bit mono WAV); zero-pad past the end."""
    with wave.open(path, "rb") as w:
        n = w.getnframes()
        start = max(0, min(start, max(0, n - length)))
        w.setpos(start)
        pcm = np.frombuffer(w.readframes(min(length, n - start)), dtype="<i2")
    out = np.zeros(length, dtype=np.float32)
    out[: len(pcm)] = pcm.astype(np.float32) / 32768.0
    return out


class SegmentSampler:
    """Draws batches in-process: with 2 cores a DataLoader worker would only steal CPU from the
    model, and reading a segment out of a WAV costs microseconds."""

    def __init__(self, rows: list[dict], segment: int, batch_size: int, seed: int = 0,
                 level_db: tuple[float, float] | None = None, tones: float = 0.0,
                 notes: list[dict] | None = None, notes_share: float = 0.0):
        assert rows, "no clips in this split"
        self.rows, self.segment, self.batch_size = rows, segment, batch_size
        self.level_db = level_db
        self.tones = tones  # share of segments replaced by synthetic harmonic tones (tones.py)
        # share of segments drawn from rendered GM notes (scripts/render_notes.py): every program
        # over its whole range, so the decoder hears each instrument in every register
        self.notes, self.notes_share = notes or [], notes_share if notes else 0.0
        self.rng = random.Random(seed)

    def batch(self) -> torch.Tensor:
        out = []
        for _ in range(self.batch_size):
            if self.tones and self.rng.random() < self.tones:
                out.append(self.level(harmonic_tone(self.rng, self.segment)))
                continue
            pool = self.notes if self.notes_share and self.rng.random() < self.notes_share else self.rows
            r = pool[self.rng.randrange(len(pool))]
            n = int(r["samples"])
            start = self.rng.randrange(max(1, n - self.segment))
            out.append(self.level(read_segment(r["path"], start, self.segment)))
        return torch.from_numpy(np.stack(out))[:, None, :]

    def level(self, x: np.ndarray) -> np.ndarray:
        """Each segment at a random loudness around the engine's reference (−20 dBFS RMS, ±8 dB):
        raw renders sit near −35 dBFS, and a codec that only heard quiet music answers a loud
        held note with a fading one (measured: frame RMS 0.006 for an input at 0.13)."""
        if not self.level_db:
            return x
        rms = float(np.sqrt(np.mean(x * x)) + 1e-12)
        db = 20 * np.log10(rms)
        if db < -60:
            return x
        target = self.rng.uniform(self.level_db[0], self.level_db[1])
        gain = 10 ** (min(target - db, 30.0) / 20)
        return np.clip(x * gain, -1.0, 1.0).astype(np.float32)

    def fixed(self, n: int, seed: int = 123) -> torch.Tensor:
        """A fixed batch for validation, the same at every evaluation."""
        rng = random.Random(seed)
        rows = [self.rows[rng.randrange(len(self.rows))] for _ in range(n)]
        segs = [read_segment(r["path"], rng.randrange(max(1, int(r["samples"]) - self.segment)), self.segment)
                for r in rows]
        if self.level_db:  # validation at the reference level itself, the same every time
            mid = sum(self.level_db) / 2
            segs = [s if np.sqrt(np.mean(s * s)) < 1e-3 else
                    np.clip(s * 10 ** ((mid - 20 * np.log10(np.sqrt(np.mean(s * s)))) / 20), -1, 1).astype(np.float32)
                    for s in segs]
        return torch.from_numpy(np.stack(segs))[:, None, :]
