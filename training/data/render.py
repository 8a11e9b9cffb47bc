"""Render MIDI to 32 kHz mono WAV with fluidsynth + the GM soundfont (≈ 60× real time here)."""
from __future__ import annotations

import subprocess


def render_midi(midi_path: str, wav_path: str, soundfont: str, gain: float = 0.4,
                sample_rate: int = 32000) -> None:
    # fluidsynth writes raw stereo s16; sox downmixes to mono WAV. -ni: no shell, no MIDI input.
    synth = subprocess.Popen(
        ["fluidsynth", "-ni", "-q", "-g", str(gain), "-r", str(sample_rate), "-O", "s16",
         "-T", "raw", "-F", "-", soundfont, midi_path],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    subprocess.run(
        ["sox", "-t", "raw", "-r", str(sample_rate), "-e", "signed", "-b", "16", "-c", "2", "-",
         "-c", "1", wav_path],
        stdin=synth.stdout, check=True, stderr=subprocess.DEVNULL)
    synth.stdout.close()
    if synth.wait() != 0:
        raise RuntimeError(f"fluidsynth failed on {midi_path}")
