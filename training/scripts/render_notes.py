"""Rendered GM notes for the codec decoder's batches (issue 8, session 12).

Why: six of the held-out pitch fixtures (reed organ C3, accordion A3, strings G3, trumpet D4,
alto sax C♯4 …) come back an octave off after the round trip, yet their codebook-0 codes never
equal those of the same instrument an octave away (scripts/codec-octave-codes.ts): the tokens tell
the octaves apart, and the decoder maps them to the wrong register because the music it was
trained on plays most instruments in only a few registers. These clips play every melodic GM
program over its whole range — single notes, intervals and triads, held, short and repeated, at
several velocities — so each (instrument, register) pair has audio behind its codes.

Rendered with FluidR3_GM (the soundfont of the training music) and, for timbres the decoder has
not met, the other GM banks Debian packages (training/setup.sh): MuseScore General, csound's GM
bank and an OPL3 FM bank — the held-out fixtures are another soundfont's samples, so what the
decoder must learn is pitch across timbres, not one bank's instruments. TimGM6mb stays held out:
the pitch fixtures and heldout_renders.py use it, so a gain on them is not a gain on heard samples.

usage: /usr/bin/python3 -m training.scripts.render_notes [--clips-per-program 3] [--soundfonts fluid,musescore,csound,opl3] [--out training/.cache/notes]
Writes <out>/notes_PPP_K.wav (FluidR3) and <out>/<bank>_PPP_K.wav (the others) (32 kHz mono 16-bit, loudness-normalised like the training clips) and
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
SOUNDFONTS = {
    "fluid": "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "musescore": "/usr/share/sounds/sf2/MuseScore_General_Full.sf2",  # musescore-general-soundfont-lossless
    "csound": "/usr/share/sounds/sf2/sf_GMbank.sf2",  # csound-soundfont
    "opl3": "/usr/share/sounds/sf2/OPL-3_FM_128M.sf2",  # opl3-soundfont
}
HELD_OUT = "TimGM6mb"
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


SLOT_SECONDS = 12.0  # a clip's 10 s, then 2 s for the last release and the reverb tail, cut off


def render_bank(jobs: list[tuple[str, int, int]], soundfont: str) -> list[int]:
    """Render (path, program, seed) clips of one bank in ONE fluidsynth run: a large soundfont takes
    seconds to load (MuseScore General, 490 MB: ≈ 10 s), so a run per clip cost more than the audio.
    Each clip sits in its own 12 s slot of one MIDI file (program change and reverb send at the slot's
    start, every note off by its 10 s), and the slots are cut apart and normalised like the clips."""
    track = Track()
    track.tempo(0, BPM)
    for j, (_, program, seed) in enumerate(jobs):
        rng = random.Random(seed)
        t0 = j * SLOT_SECONDS
        track.program(seconds_to_ticks(t0), 0, program)
        track.cc(seconds_to_ticks(t0), 0, 91, rng.choice((0, 20, 40, 70)))  # reverb send: dry and wet rooms
        for start, length, pitches, vel in clip_events(rng, program):
            end = min(start + length, CLIP_SECONDS)
            for p in pitches:
                track.note(seconds_to_ticks(t0 + start), seconds_to_ticks(end - start), 0, p, vel)
    with tempfile.TemporaryDirectory() as tmp:
        mid, wav = os.path.join(tmp, "n.mid"), os.path.join(tmp, "n.wav")
        write_midi(mid, [track])
        render_midi(mid, wav, soundfont, 0.4, SR)
        x, sr = read_wav(wav)
    assert sr == SR, sr
    n = int(CLIP_SECONDS * SR)
    out = []
    for j, (path, _, _) in enumerate(jobs):
        a = int(j * SLOT_SECONDS * SR)
        y = np.zeros(n, dtype=np.float32)
        seg = x[a:a + n]
        y[: len(seg)] = seg
        write_wav(path + ".tmp.wav", normalise(y, SR).astype(np.float32), SR)
        os.replace(path + ".tmp.wav", path)
        out.append(n)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="training/.cache/notes")
    ap.add_argument("--clips-per-program", type=int, default=3)
    ap.add_argument("--programs", default="0-119", help="GM programs (0-based), e.g. 0-119; 120+ are sound effects")
    ap.add_argument("--soundfonts", default="fluid", help=f"comma-separated banks of {sorted(SOUNDFONTS)} (never {HELD_OUT})")
    a = ap.parse_args()
    lo, hi = (int(v) for v in a.programs.split("-"))
    banks = a.soundfonts.split(",")
    for b in banks:
        if b not in SOUNDFONTS:
            raise SystemExit(f"unknown soundfont {b!r}: one of {sorted(SOUNDFONTS)} ({HELD_OUT} is held out)")
        if not os.path.exists(SOUNDFONTS[b]):
            raise SystemExit(f"{SOUNDFONTS[b]} is missing: run training/setup.sh")
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for bank in banks:
        prefix = "notes" if bank == "fluid" else bank  # the first set's names stay as they were
        clips = []
        for program in range(lo, hi + 1):
            for k in range(a.clips_per_program):
                # each bank plays other notes too: the seed moves with the bank
                seed = 1000 * program + k + 100_000 * list(SOUNDFONTS).index(bank)
                # one clip in ten for validation, never the same program's only clip
                split = "valid" if (program * a.clips_per_program + k) % 10 == 9 else "train"
                clips.append((os.path.join(a.out, f"{prefix}_{program:03d}_{k}.wav"), program, seed, split))
        todo = [(p, prog, seed) for p, prog, seed, _ in clips if not os.path.exists(p)]
        if todo:
            print(f"{bank}: rendering {len(todo)} clips in one run", flush=True)
            render_bank(todo, SOUNDFONTS[bank])
        for p, prog, _, split in clips:
            rows.append({"path": p, "split": split, "samples": (os.path.getsize(p) - 44) // 2, "program": prog, "soundfont": bank})
        print(f"{bank}: {len(clips)} clips", flush=True)
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{len(rows)} clips, {len(rows) * CLIP_SECONDS / 3600:.2f} h → {a.out}/manifest.jsonl")


if __name__ == "__main__":
    main()
