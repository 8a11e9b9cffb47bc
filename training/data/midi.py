"""A minimal Standard MIDI File writer (format 1), so the composer needs no third-party package.

Events are (tick, bytes) pairs per track; the writer sorts them and encodes delta times.
"""
from __future__ import annotations

import struct

TICKS_PER_BEAT = 480


def _varlen(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


class Track:
    def __init__(self) -> None:
        self.events: list[tuple[int, int, bytes]] = []  # (tick, order, data)
        self._n = 0

    def add(self, tick: int, data: bytes) -> None:
        # order keeps note-offs before note-ons at the same tick (avoids cutting a repeated note).
        prio = 0 if (data[0] & 0xF0) == 0x80 else 1
        self.events.append((int(tick), prio * 10_000_000 + self._n, data))
        self._n += 1

    def note(self, tick: int, dur: int, ch: int, pitch: int, vel: int) -> None:
        pitch = max(0, min(127, int(pitch)))
        vel = max(1, min(127, int(vel)))
        self.add(tick, bytes([0x90 | ch, pitch, vel]))
        self.add(tick + max(1, int(dur)), bytes([0x80 | ch, pitch, 0]))

    def program(self, tick: int, ch: int, prog: int) -> None:
        self.add(tick, bytes([0xC0 | ch, prog & 0x7F]))

    def cc(self, tick: int, ch: int, ctrl: int, value: int) -> None:
        self.add(tick, bytes([0xB0 | ch, ctrl & 0x7F, max(0, min(127, int(value)))]))

    def tempo(self, tick: int, bpm: float) -> None:
        usec = int(round(60_000_000 / bpm))
        self.add(tick, b"\xff\x51\x03" + usec.to_bytes(3, "big"))

    def time_signature(self, tick: int, num: int, den: int = 4) -> None:
        self.add(tick, bytes([0xFF, 0x58, 0x04, num, {2: 1, 4: 2, 8: 3}[den], 24, 8]))

    def encode(self) -> bytes:
        body = bytearray()
        last = 0
        for tick, _, data in sorted(self.events, key=lambda e: (e[0], e[1])):
            body += _varlen(tick - last) + data
            last = tick
        body += _varlen(0) + b"\xff\x2f\x00"
        return b"MTrk" + struct.pack(">I", len(body)) + bytes(body)


def write_midi(path: str, tracks: list[Track]) -> None:
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), TICKS_PER_BEAT))
        for t in tracks:
            f.write(t.encode())
