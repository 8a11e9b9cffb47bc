"""Rendered GM notes for the codec decoder's batches (issue 8, session 12).

Why: six of the held-out pitch fixtures (reed organ C3, accordion A3, strings G3, trumpet D4,
alto sax C♯4 …) come back an octave off after the round trip, yet their codebook-0 codes never
equal those of the same instrument an octave away (scripts/codec-octave-codes.ts): the tokens tell
the octaves apart, and the decoder maps them to the wrong register because the music it was
trained on plays most instruments in only a few registers. These clips play every melodic GM
program over its whole range — single notes, intervals and triads, held, short and repeated, at
several velocities — so each (instrument, register) pair has audio behind its codes.

Rendered with FluidR3_GM, the soundfont of the training music. TimGM6mb stays held out: the pitch
fixtures and heldout_renders.py use it, so a gain on them is not a gain on heard samples.

usage: /usr/bin/python3 -m training.scripts.render_notes [--clips-per-program 3] [--out training/.cache/notes]
Writes <out>/notes_PPP_K.wav (32 kHz mono 16-bit, loudness-normalised like the training clips) and
<out>/manifest.jsonl (path, split, samples, program) in the codec's manifest format. Resumable.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import tempfile

import numpy as np

from training.data.clips import normalise
from training.data.midi import TICKS_PER_BEAT, Track, write_midi
from training.data.render import render_midi
from training.data.wavio import read_wav, write_wav

SR = 32000
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
CLIP_SECONDS = 10.0
BPM = 120.0  # a beat is 0.5 s: times below are in seconds, converted at this tempo

# Playable ranges (MIDI) by GM family (program // 8), wide on purpose: the composer already covers
# the comfortable middle, these clips are for the registers it rarely reaches.
FAMILY_RANGE = {
    0: (21, 108), 1: (36, 96), 2: (28, 96), 3: (36, 88), 4: (24, 60), 5: (31, 96), 6: (28, 96),
    7: (36, 96), 8: (40, 88), 9: (36, 84), 10: (28, 79), 11: (48, 100), 12: (24, 96), 13: (28, 96),
    14: (36, 96),
}


def seconds_to_ticks(s: float) -> int:
    return int(round(s * BPM / 60 * TICKS_PER_BEAT))


def clip_events(rng: random.Random, program: int) -> list[tuple[float, float, list[int], int]]:
    """(start s, length s, pitches, velocity) events filling one clip, with gaps between some."""
    lo, hi = FAMILY_RANGE[program // 8]
    out, t = [], 0.1
    while t < CLIP_SECONDS - 0.4:
        kind = rng.choices(("single", "interval", "triad", "repeat"), weights=(5, 2, 2, 1))[0]
        root = rng.randint(lo, hi)
        length = rng.choice((0.15, 0.3, 0.5, 0.8, 1.2, 2.0, 3.0))
        vel = rng.randint(40, 120)
        if kind == "single":
            pitches = [root]
        elif kind == "interval":
            pitches = [root, root + rng.choice((3, 4, 5, 7, 12, -12, 9))]
        elif kind == "triad":
            third = rng.choice((3, 4))
            pitches = [root, root + third, root + 7]
        else:  # the same note struck 3-6 times: onsets at one pitch
            step = rng.choice((0.15, 0.25, 0.4))
            for k in range(rng.randint(3, 6)):
                out.append((t + k * step, step * 0.8, [root], vel))
            t += rng.randint(3, 6) * step + rng.choice((0.0, 0.1, 0.3))
            continue
        pitches = [p for p in pitches if 12 <= p <= 115]
        out.append((t, length, pitches, vel))
        # legato, overlapping or with a gap: decays and releases both matter
        t += length * rng.choice((0.6, 1.0, 1.0, 1.3)) + rng.choice((0.0, 0.0, 0.1, 0.3))
    return [e for e in out if e[0] < CLIP_SECONDS - 0.2]


def write_clip(path: str, program: int, seed: int) -> int:
    rng = random.Random(seed)
    track = Track()
    track.tempo(0, BPM)
    track.program(0, 0, program)
    track.cc(0, 0, 91, rng.choice((0, 20, 40, 70)))  # reverb send: dry and wet rooms
    for start, length, pitches, vel in clip_events(rng, program):
        for p in pitches:
            track.note(seconds_to_ticks(start), seconds_to_ticks(length), 0, p, vel)
    with tempfile.TemporaryDirectory() as tmp:
        mid, wav = os.path.join(tmp, "n.mid"), os.path.join(tmp, "n.wav")
        write_midi(mid, [track])
        render_midi(mid, wav, SOUNDFONT, 0.4, SR)
        x, sr = read_wav(wav)
    assert sr == SR, sr
    n = int(CLIP_SECONDS * SR)
    y = np.zeros(n, dtype=np.float32)
    y[: min(n, len(x))] = x[:n]
    write_wav(path, normalise(y, SR).astype(np.float32), SR)
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="training/.cache/notes")
    ap.add_argument("--clips-per-program", type=int, default=3)
    ap.add_argument("--programs", default="0-119", help="GM programs (0-based), e.g. 0-119; 120+ are sound effects")
    a = ap.parse_args()
    lo, hi = (int(v) for v in a.programs.split("-"))
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for program in range(lo, hi + 1):
        for k in range(a.clips_per_program):
            path = os.path.join(a.out, f"notes_{program:03d}_{k}.wav")
            if os.path.exists(path):
                n = (os.path.getsize(path) - 44) // 2
            else:
                n = write_clip(path + ".tmp.wav", program, seed=1000 * program + k)
                os.replace(path + ".tmp.wav", path)
            # one clip in ten for validation, never the same program's only clip
            split = "valid" if (program * a.clips_per_program + k) % 10 == 9 else "train"
            rows.append({"path": path, "split": split, "samples": int(n), "program": program})
        print(f"program {program}", flush=True)
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{len(rows)} clips, {len(rows) * CLIP_SECONDS / 3600:.2f} h → {a.out}/manifest.jsonl")


if __name__ == "__main__":
    main()
