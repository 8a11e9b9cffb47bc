"""The chord fixtures the engine's tests check recognition on (test/harmony/fixtures.test.ts): short
composer pieces with known chords, from seeds neither tuning nor the chord check uses, rendered
in both soundfonts and stored at 16 kHz mono 16-bit (the chroma reads up to 2.1 kHz) so the set
stays small. The WAVs are committed, so CI needs neither fluidsynth nor the soundfonts; run this
only to change the set:

  python3 -m training.scripts.chord_fixtures        (writes test/fixtures/harmony/)
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile

from training.data.composer import compose, draw_spec
from training.data.render import render_midi
from training.scripts.chord_eval import SOUNDFONTS

OUT = "test/fixtures/harmony"
SEED_BASE = 88_000_007  # not training's, heldout_renders', nor chord_eval's tune/test seeds
SECONDS = 10.0
# (piece, soundfont, voicing): three renders, two soundfonts, three voicings
FIXTURES = [(0, "timgm6mb", "close"), (1, "fluidr3", "open"), (2, "timgm6mb", "high")]


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for piece, sf, voicing in FIXTURES:
            seed = SEED_BASE + piece
            rng = random.Random(seed)
            spec = draw_spec(rng, seed, SECONDS)
            mid, score = os.path.join(tmp, "p.mid"), os.path.join(tmp, "p.json")
            compose(spec, mid, score, voicing=voicing)
            full = os.path.join(tmp, "p.wav")
            render_midi(mid, full, SOUNDFONTS[sf], 0.4, 32000)
            name = f"piece-{piece}-{sf}-{voicing}.wav"
            # the first SECONDS only (the tail past the last bar is reverb), at 16 kHz
            subprocess.run(["sox", full, "-r", "16000", "-b", "16", os.path.join(OUT, name), "trim", "0", str(SECONDS)],
                           check=True)
            with open(score) as f:
                s = json.load(f)
            chords = [c | {"end": min(c["end"], SECONDS)} for c in s["chords"] if c["start"] < SECONDS]
            rows.append({"file": name, "soundfont": sf, "voicing": voicing, "accomp": spec.accomp,
                         "meter": spec.meter, "bpm": spec.bpm, "key": s["key"], "modes": spec.modes, "chords": chords})
    with open(os.path.join(OUT, "fixtures.json"), "w") as f:
        json.dump({"sampleRate": 16000, "seconds": SECONDS, "fixtures": rows}, f, indent=1)
    print(f"{len(rows)} fixtures in {OUT}")


if __name__ == "__main__":
    main()
