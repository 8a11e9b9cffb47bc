"""Procedural composer: pieces that show what real game tracks rarely do on purpose —
tempo ramps and steps, 3/4 and 4/4, keys and modes (with mode changes), chord progressions,
melodies that follow a prescribed pitch-class line, dynamics ramps, varied GM instrumentation.

Each piece is a MIDI file plus a JSON score (tempo map, meter, key/mode per bar, the prescribed
pitch-class line, the dynamics curve) so later stages can check the rendered audio against it.
"""
from __future__ import annotations

import itertools
import json
import math
import random
from dataclasses import dataclass, asdict

from .midi import TICKS_PER_BEAT as TPB, Track, write_midi

MODES = {
    "ionian": [0, 2, 4, 5, 7, 9, 11],
    "dorian": [0, 2, 3, 5, 7, 9, 10],
    "phrygian": [0, 1, 3, 5, 7, 8, 10],
    "lydian": [0, 2, 4, 6, 7, 9, 11],
    "mixolydian": [0, 2, 4, 5, 7, 9, 10],
    "aeolian": [0, 2, 3, 5, 7, 8, 10],
    "harmonic_minor": [0, 2, 3, 5, 7, 8, 11],
}
# Scale-degree progressions (0-based degrees), one chord per bar.
PROGRESSIONS = [
    [0, 4, 5, 3], [0, 5, 3, 4], [0, 3, 4, 0], [5, 3, 0, 4], [0, 3, 5, 4],
    [1, 4, 0, 0], [0, 6, 5, 4], [0, 2, 3, 4], [5, 4, 3, 4], [0, 0, 3, 4],
]
# GM programs grouped by role; the composer draws one per role and piece.
LEAD = [0, 4, 6, 11, 13, 24, 40, 41, 56, 60, 65, 68, 71, 73, 74, 80, 81, 22, 104, 46]
PAD = [0, 4, 19, 48, 49, 50, 52, 61, 88, 89, 90, 91, 92, 94, 16, 46, 24, 5]
BASS = [32, 33, 34, 35, 38, 39, 42, 43, 58, 70]
# Chord labels as the engine spells them (src/engine/harmony/symbols.ts, lead-sheet names).
PC_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
# Triad quality by (third, fifth) above the root: the modes' triads are these four.
TRIAD_SUFFIX = {(4, 7): "", (3, 7): "m", (3, 6): "dim", (4, 8): "aug"}
# Modes whose tonic triad is minor are keys in minor for the key label.
MINOR_MODES = {"dorian", "phrygian", "aeolian", "harmonic_minor"}
# Accompaniment voicings: "close" is the training data's; the others exist for the chord check
# (training/scripts/chord_eval.py), so recognition is judged beyond one voicing.
VOICINGS = ("close", "open", "high", "inversions")
# GM drums on channel 10 (index 9).
KICK, SNARE, HAT, RIDE, CRASH = 36, 38, 42, 51, 49


@dataclass
class PieceSpec:
    seed: int
    seconds: float
    meter: int            # beats per bar (3 or 4)
    tonic: int            # pitch class 0-11
    modes: list           # mode per section
    tempo_kind: str       # constant | ramp | steps
    bpm: list             # start/end (ramp) or one per section (steps)
    dyn_kind: str         # flat | crescendo | decrescendo | swell
    programs: dict
    drums: bool
    accomp: str           # block | arpeggio | alberti
    # Emotion arcs (draw_arc_spec): valence and arousal knots [seconds, value in -1..1] that the
    # piece's mode, register, tempo, dynamics and density follow bar by bar. None: the sections above.
    arc: dict | None = None


def draw_spec(rng: random.Random, seed: int, seconds: float) -> PieceSpec:
    meter = rng.choice([3, 4, 4])
    tempo_kind = rng.choice(["constant", "ramp", "ramp", "steps"])
    n_sections = rng.choice([1, 2, 2, 3])
    if tempo_kind == "constant":
        bpm = [rng.uniform(60, 160)]
    elif tempo_kind == "ramp":
        a, b = rng.uniform(60, 160), rng.uniform(60, 160)
        bpm = [a, b if abs(b - a) > 20 else a * rng.choice([0.7, 1.4])]
    else:
        bpm = [rng.uniform(60, 160) for _ in range(max(2, n_sections))]
        n_sections = len(bpm)
    modes = [rng.choice(list(MODES))]
    for _ in range(n_sections - 1):
        modes.append(rng.choice(list(MODES)) if rng.random() < 0.6 else modes[-1])
    return PieceSpec(
        seed=seed, seconds=seconds, meter=meter, tonic=rng.randrange(12), modes=modes,
        tempo_kind=tempo_kind, bpm=[round(x, 2) for x in bpm],
        dyn_kind=rng.choice(["flat", "crescendo", "decrescendo", "swell"]),
        programs={"lead": rng.choice(LEAD), "pad": rng.choice(PAD), "bass": rng.choice(BASS)},
        drums=rng.random() < 0.55, accomp=rng.choice(["block", "arpeggio", "alberti"]),
    )


MAJOR_FAMILY = ("ionian", "ionian", "lydian", "mixolydian")
MINOR_FAMILY = ("aeolian", "aeolian", "harmonic_minor", "dorian", "phrygian")


def _knots(rng: random.Random, seconds: float) -> list:
    """A valence or arousal path: knots every 5-14 s, mostly swinging to the other side of 0, so a
    10 s clip holds a ramp, a step or a turn; a knot marked "step" is reached by a jump, not a ramp."""
    t, v = 0.0, rng.uniform(-1, 1)
    out = [[0.0, round(v, 3), "ramp"]]
    while t < seconds:
        t += rng.uniform(5, 14)
        v = -math.copysign(rng.uniform(0.35, 1.0), v) if rng.random() < 0.75 else rng.uniform(-1, 1)
        out.append([round(t, 2), round(v, 3), "step" if rng.random() < 0.3 else "ramp"])
    return out


def arc_value(knots: list, t: float) -> float:
    """The path at `t` seconds: linear between knots, or held until a "step" knot and then jumped."""
    for (t0, v0, _), (t1, v1, kind) in zip(knots, knots[1:]):
        if t <= t1:
            if kind == "step":
                return v0 if t < t1 else v1
            return v0 + (v1 - v0) * max(0.0, t - t0) / max(1e-6, t1 - t0)
    return knots[-1][1]


def draw_arc_spec(rng: random.Random, seed: int, seconds: float) -> PieceSpec:
    """A piece whose emotion moves within seconds (training data for valence and arousal lanes
    drawn as ramps and steps: the sectioned pieces of draw_spec hold one mode for 30-85 s, so their
    clips' valence moves only with the chords and their arousal hardly at all; docs/music-model.md
    "Emotion arcs"). One tonic, so a mode change is the parallel major/minor; the other cues the
    engine reads (docs/controls.md "Emotion") follow too."""
    spec = draw_spec(rng, seed, seconds)
    spec.arc = {"valence": _knots(rng, seconds), "arousal": _knots(rng, seconds)}
    spec.tempo_kind, spec.dyn_kind, spec.drums = "arc", "arc", rng.random() < 0.7
    spec.modes = [rng.choice(MAJOR_FAMILY), rng.choice(MINOR_FAMILY)]  # the piece's major and minor
    spec.bpm = [round(rng.uniform(60, 80), 2), round(rng.uniform(130, 165), 2)]  # slowest, fastest
    return spec


def _arc_at(spec: PieceSpec, t: float) -> tuple[float, float]:
    return arc_value(spec.arc["valence"], t), arc_value(spec.arc["arousal"], t)


def _bpm_at(spec: PieceSpec, frac: float, section: int) -> float:
    if spec.tempo_kind == "arc":
        v, a = _arc_at(spec, frac * spec.seconds)
        w = 0.75 * (a + 1) / 2 + 0.25 * (v + 1) / 2  # the engine's tempo cue feeds both, arousal more
        return spec.bpm[0] + (spec.bpm[1] - spec.bpm[0]) * w
    if spec.tempo_kind == "constant":
        return spec.bpm[0]
    if spec.tempo_kind == "ramp":
        return spec.bpm[0] + (spec.bpm[1] - spec.bpm[0]) * frac
    return spec.bpm[min(section, len(spec.bpm) - 1)]


def _dyn_at(kind: str, frac: float) -> float:
    """Dynamics in [0, 1] (0 = pp, 1 = ff)."""
    if kind == "flat":
        return 0.6
    if kind == "crescendo":
        return 0.15 + 0.85 * frac
    if kind == "decrescendo":
        return 1.0 - 0.85 * frac
    return 0.2 + 0.8 * math.sin(math.pi * frac)


def chord_label(chord: list) -> str:
    """The engine's label of a triad given as [root, third, fifth] pitch classes ("F#m", "Bdim")."""
    third, fifth = (chord[1] - chord[0]) % 12, (chord[2] - chord[0]) % 12
    return PC_NAMES[chord[0]] + TRIAD_SUFFIX[(third, fifth)]


def _voice(chord: list, voicing: str, prev: list) -> list:
    """MIDI pitches of the accompaniment's triad; "close" is the one the training renders use."""
    if voicing == "open":  # root low, fifth, third an octave up: a spread voicing
        root = 48 + chord[0]
        return [root, root + (chord[2] - chord[0]) % 12, root + 12 + (chord[1] - chord[0]) % 12]
    if voicing == "high":
        return sorted(67 + ((p - 67) % 12) for p in chord)
    if voicing == "inversions" and prev:  # close triads in C3..B4 nearest the last: inversions follow
        cands = [sorted(v) for v in itertools.product(*([48 + p, 60 + p] for p in chord)) if max(v) - min(v) < 12]
        return min(cands, key=lambda v: sum(abs(a - b) for a, b in zip(v, prev)))
    return sorted(52 + ((p - 52) % 12) for p in chord)


def _key_label(spec: PieceSpec, key_per_bar: list) -> str:
    """The piece's key as the engine writes it: the tonic, major or minor by the mode most bars use."""
    minor = sum(k["mode"] in MINOR_MODES for k in key_per_bar)
    return f"{PC_NAMES[spec.tonic]} {'minor' if 2 * minor > len(key_per_bar) else 'major'}"


def compose(spec: PieceSpec, midi_path: str, score_path: str, voicing: str = "close") -> None:
    rng = random.Random(spec.seed)
    meta, lead, pad, bass, drums = Track(), Track(), Track(), Track(), Track()
    meta.time_signature(0, spec.meter)
    lead.program(0, 0, spec.programs["lead"])
    pad.program(0, 1, spec.programs["pad"])
    bass.program(0, 2, spec.programs["bass"])
    prog = rng.choice(PROGRESSIONS)

    # Lay out bars until the tempo map reaches the requested duration.
    bars, t_sec, tick = [], 0.0, 0
    bar_sec, midi_sec = [], 0.0  # bar starts in seconds as the MIDI tempo map (µs per beat) times them
    while t_sec < spec.seconds:
        frac = t_sec / spec.seconds
        if spec.arc:  # modes = [major, minor]: the valence path picks, with hysteresis around 0
            v = _arc_at(spec, t_sec)[0]
            section = 0 if v > 0.1 else 1 if v < -0.1 else (bars[-1][2] if bars else int(v < 0))
        else:
            section = min(int(frac * len(spec.modes)), len(spec.modes) - 1)
        bars.append((tick, frac, section))
        bar_sec.append(midi_sec)
        for beat in range(spec.meter):
            bpm = _bpm_at(spec, min(1.0, t_sec / spec.seconds), section)
            meta.tempo(tick + beat * TPB, bpm)  # one tempo event per beat makes ramps smooth
            t_sec += 60.0 / bpm
            midi_sec += round(60_000_000 / bpm) / 1e6
        tick += spec.meter * TPB

    bar_sec.append(midi_sec)  # the end of the last bar
    pc_line, dyn_curve, key_per_bar, chords = [], [], [], []
    voiced = []
    prev_pitch = 60 + spec.tonic
    degree = 0
    for i, (bar_tick, frac, section) in enumerate(bars):
        scale = [(spec.tonic + s) % 12 for s in MODES[spec.modes[section]]]
        if spec.arc:
            v, a = _arc_at(spec, bar_sec[i])
            dyn = 0.12 + 0.83 * (a + 1) / 2
        else:
            v, a = 0.0, 0.0
            dyn = _dyn_at(spec.dyn_kind, frac)
        vel = int(35 + 80 * dyn)
        for track, ch in ((lead, 0), (pad, 1), (bass, 2)):
            # Expression (CC11) follows the dynamics curve as well as velocity, so ramps are audible.
            track.cc(bar_tick, ch, 11, 50 + 77 * dyn)
        root_deg = prog[i % len(prog)]
        chord = [scale[(root_deg + k) % 7] for k in (0, 2, 4)]
        chords.append({"start": round(bar_sec[i], 4), "end": round(bar_sec[i + 1], 4), "label": chord_label(chord)})
        key_per_bar.append({"bar": i, "tonic": spec.tonic, "mode": spec.modes[section]})
        dyn_curve.append(round(dyn, 3))
        bar_len = spec.meter * TPB
        # Bass: root on the downbeat (and mid-bar in 4/4).
        bass_pitch = 36 + chord[0] if chord[0] >= 4 else 48 + chord[0]
        hits = [0] if spec.meter == 3 else [0, 2 * TPB]
        for h in hits:
            bass.note(bar_tick + h, (bar_len // len(hits)) - 20, 2, bass_pitch, vel)
        # Accompaniment around middle C.
        voiced = _voice(chord, voicing, voiced)
        if spec.accomp == "block":
            for p in voiced:
                pad.note(bar_tick, bar_len - 10, 1, p, vel - 15)
        else:
            pattern = [0, 1, 2, 1] if spec.accomp == "alberti" else [0, 1, 2]
            step = TPB // 2
            for j in range(spec.meter * 2):
                pad.note(bar_tick + j * step, step, 1, voiced[pattern[j % len(pattern)]], vel - 20)
        # Melody: a prescribed pitch-class line, chord tones on strong beats, scale walk between.
        rhythm = rng.choice([[1] * spec.meter, [2] + [1] * (spec.meter - 2), [0.5, 0.5] + [1] * (spec.meter - 1)])
        if spec.arc and a > 0.35:  # aroused: eighths (onset density is an arousal cue)
            rhythm = [0.5] * (2 * spec.meter)
        elif spec.arc and a < -0.35:  # calm: long notes
            rhythm = [spec.meter] if rng.random() < 0.5 else [2] + [1] * (spec.meter - 2)
        # Register: arcs put the melody an octave up when bright (valence > 0.3), down when dark.
        low = 5 if not spec.arc else 6 if v > 0.3 else 4 if v < -0.3 else 5
        pos = 0.0
        for k, dur in enumerate(rhythm):
            if pos >= spec.meter:
                break
            if pos == 0 or rng.random() < 0.3:
                pc = rng.choice(chord)
                degree = scale.index(pc)
            else:
                degree = (degree + rng.choice([-2, -1, -1, 1, 1, 2])) % 7
                pc = scale[degree]
            # Realise the pitch class in the octave nearest the previous note (no wild leaps).
            cands = [o * 12 + pc for o in range(low, low + 2)]
            pitch = min(cands, key=lambda p: abs(p - prev_pitch))
            prev_pitch = pitch
            start = bar_tick + int(pos * TPB)
            lead.note(start, int(dur * TPB) - 15, 0, pitch, min(127, vel + 10))
            pc_line.append({"tick": start, "beats": dur, "pc": pc})
            pos += dur
        if spec.drums and (not spec.arc or a > -0.3):  # arcs: the drums leave when calm
            for b in range(spec.meter):
                t = bar_tick + b * TPB
                if b == 0:
                    drums.note(t, 60, 9, KICK, vel)
                elif spec.meter == 4 and b == 2:
                    drums.note(t, 60, 9, KICK, vel - 10)
                else:
                    drums.note(t, 60, 9, SNARE, vel - 15)
                drums.note(t, 40, 9, HAT, vel - 30)
                drums.note(t + TPB // 2, 40, 9, HAT, vel - 40)
            if i % 8 == 0:
                drums.note(bar_tick, 200, 9, CRASH, vel - 10)

    tracks = [meta, lead, pad, bass] + ([drums] if spec.drums else [])
    write_midi(midi_path, tracks)
    with open(score_path, "w") as f:
        json.dump({"spec": asdict(spec), "bars": len(bars), "keys": key_per_bar,
                   "dynamics_per_bar": dyn_curve, "pitch_class_line": pc_line,
                   "ticks_per_beat": TPB,
                   # ground truth for chord recognition (training/scripts/chord_eval.py): one triad
                   # a bar, [start, end) in seconds, labelled as the engine labels chords
                   "key": _key_label(spec, key_per_bar), "chords": chords}, f)
