"""WAV helpers, and decoding through the engine.

Every source file is decoded, mixed to mono and resampled by the engine's CLI (`undertone
decode`: audio/decode.node.ts + audio/resample.ts), the code the studio and `undertone extract`
run, so the clips hold the samples the app would compute from the same file. No ffmpeg here:
the data config's extensions (.ogg .oga .opus .mp3 .flac .wav; MIDI is rendered to WAV by
fluidsynth) are all formats decode.node.ts reads, and a file it cannot read is reported and
skipped, not sent through a second decoder.
"""
from __future__ import annotations

import os
import struct
import tempfile
import wave

import numpy as np

from .engine import decode_batch


def wav_seconds(path: str) -> float:
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


def decode_mono(path: str, sample_rate: int = 32000) -> np.ndarray:
    """Any audio file → float32 mono at sample_rate, by the engine (one Node process per call;
    for many files, decode_batch them once and read_wav each)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "mono.wav")
        r = decode_batch([(path, out)], sample_rate)[out]
        if r["status"] == "error":
            raise ValueError(r["error"])
        return read_wav(out)[0]


def write_wav(path: str, audio: np.ndarray, sample_rate: int = 32000) -> None:
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())


def read_wav(path: str) -> tuple[np.ndarray, int]:
    """Mono 16-bit PCM or 32-bit float WAV → (float32 samples, rate). Python's wave module reads
    no float WAV, which is what `undertone decode --format float32` writes."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", f"{path}: not a WAV file"
    o, fmt = 12, None
    while o + 8 <= len(data):
        tag, size = data[o:o + 4], struct.unpack("<I", data[o + 4:o + 8])[0]
        if tag == b"fmt ":
            fmt = struct.unpack("<HHIIHH", data[o + 8:o + 24])  # format, channels, rate, _, _, bits
        elif tag == b"data":
            assert fmt is not None and fmt[1] == 1, f"{path}: expected mono"
            body = data[o + 8:o + 8 + size]
            if fmt[0] == 1 and fmt[5] == 16:
                x = np.frombuffer(body[: len(body) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
            elif fmt[0] == 3 and fmt[5] == 32:
                x = np.frombuffer(body[: len(body) // 4 * 4], dtype="<f4").astype(np.float32)
            else:
                raise AssertionError(f"{path}: unsupported WAV encoding (format {fmt[0]}, {fmt[5]} bit)")
            return x, fmt[2]
        o += 8 + size + (size & 1)
    raise AssertionError(f"{path}: no data chunk")
