"""The music model's token set in one file small enough to travel to a lent GPU machine.

The device tool carries at most 64 MiB of ignored files, and the token set as training reads it
(<cache>/music/<codec>/<split>/*.npy, <cache>/tokens/<codec>/<split>.npy: float32, 450 MB for
codec-v2's 8.4 h) is seven times that. The GPU machine cannot rebuild it (no Debian music packages,
no network), so this packs exactly what `training.music.tokens.TokenClips` reads:

  controls        float16 (their values: dB −100…0, probabilities and −1…1: fp16's error is under
                  0.06 dB and 0.0005), 20x smaller once deflated (the curves are smooth)
  controls_mask   one bit per value (np.packbits)
  video_frame,    float16
  video_context
  video_patch     uint8 per feature between its min and max (error ≤ 0.002 on 0…1 features), as
                  differences along time modulo 256 (a synthetic video changes slowly: deflates 2x
                  better than the values; exact to undo)
  codes           int16 as tokenize.py wrote them
  index.jsonl     the clips, as text

`pack` writes one .npz whose arrays are xz-compressed bytes (xz: 20 % smaller than the npz's own
deflate — the device tool's 64 MiB holds the bundle, the code and a checkpoint; codec-v2: ~38 MB);
`unpack` writes the float32 cache back in place, so training runs unchanged. The controls and video come back within the errors
above, the codes and masks exactly.

  python3 -m training.scripts.music_bundle pack   [--cache training/.cache] [--codec codec-v2] [--out F]
  python3 -m training.scripts.music_bundle unpack  --bundle F [--cache DIR]
"""
from __future__ import annotations

import argparse
import io
import json
import lzma
import os

import numpy as np

SPLITS = ("train", "valid", "test")
DEFAULT_OUT = "training/.cache/gpu/music-{codec}.npz"


def _folder(cache: str, codec: str, split: str) -> str:
    return os.path.join(cache, "music", codec, split)


def pack(cache: str, codec: str, out: str) -> dict:
    arrays: dict[str, np.ndarray] = {"meta": np.frombuffer(json.dumps({"codec": codec, "version": 1}).encode(), np.uint8)}
    sizes = {}
    for split in SPLITS:
        folder = _folder(cache, codec, split)
        if not os.path.exists(os.path.join(folder, "index.jsonl")):
            continue
        load = lambda name: np.load(os.path.join(folder, name), mmap_mode="r")
        p = f"{split}."
        with open(os.path.join(folder, "index.jsonl"), "rb") as f:
            arrays[p + "index"] = np.frombuffer(f.read(), np.uint8)
        arrays[p + "controls"] = np.asarray(load("controls.npy"), np.float16)
        mask = np.asarray(load("controls_mask.npy")).astype(bool)
        arrays[p + "mask_bits"] = np.packbits(mask, axis=1)
        arrays[p + "mask_shape"] = np.array(mask.shape, np.int64)
        arrays[p + "video_frame"] = np.asarray(load("video_frame.npy"), np.float16)
        arrays[p + "video_context"] = np.asarray(load("video_context.npy"), np.float16)
        patch = np.asarray(load("video_patch.npy"), np.float32)
        lo = patch.min(axis=(0, 1)) if len(patch) else np.zeros(patch.shape[-1], np.float32)
        hi = patch.max(axis=(0, 1)) if len(patch) else np.ones(patch.shape[-1], np.float32)
        q = np.round((patch - lo) / np.maximum(hi - lo, 1e-9) * 255).astype(np.uint8)
        arrays[p + "patch_delta"] = np.diff(q, axis=0, prepend=np.zeros((1,) + q.shape[1:], np.uint8))  # wraps mod 256
        arrays[p + "patch_range"] = np.stack([lo, hi]).astype(np.float32)
        codes = os.path.join(cache, "tokens", codec, f"{split}.npy")
        arrays[p + "codes"] = np.load(codes)
        sizes[split] = int(mask.shape[0])
    if not sizes:
        raise FileNotFoundError(f"{_folder(cache, codec, 'train')}: no token set to pack (training.scripts.build_music_data)")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp.npz"
    layout = {k: [str(a.dtype), list(a.shape)] for k, a in arrays.items()}
    packed = {k: np.frombuffer(lzma.compress(np.ascontiguousarray(a).tobytes(), preset=6), np.uint8) for k, a in arrays.items()}
    np.savez(tmp, layout=np.frombuffer(json.dumps(layout).encode(), np.uint8), **packed)
    os.replace(tmp, out)
    return {"out": out, "bytes": os.path.getsize(out), "frames": sizes}


class _Bundle:
    """The arrays of a bundle, each decompressed when read."""

    def __init__(self, path: str):
        self._z = np.load(path)
        self._layout = json.loads(bytes(self._z["layout"]).decode())
        self.files = list(self._layout)

    def __getitem__(self, k: str) -> np.ndarray:
        dtype, shape = self._layout[k]
        return np.frombuffer(lzma.decompress(self._z[k].tobytes()), dtype).reshape(shape)


def unpack(bundle: str, cache: str) -> dict:
    z = _Bundle(bundle)
    meta = json.loads(bytes(z["meta"]).decode())
    codec = meta["codec"]
    frames = {}
    for split in SPLITS:
        p = f"{split}."
        if p + "index" not in z.files:
            continue
        folder = _folder(cache, codec, split)
        os.makedirs(folder, exist_ok=True)
        save = lambda name, a: np.save(os.path.join(folder, name), a)
        with open(os.path.join(folder, "index.jsonl"), "wb") as f:
            f.write(bytes(z[p + "index"]))
        save("controls.npy", z[p + "controls"].astype(np.float32))
        shape = tuple(int(x) for x in z[p + "mask_shape"])
        save("controls_mask.npy", np.unpackbits(z[p + "mask_bits"], axis=1, count=shape[1]).astype(np.uint8))
        save("video_frame.npy", z[p + "video_frame"].astype(np.float32))
        save("video_context.npy", z[p + "video_context"].astype(np.float32))
        lo, hi = z[p + "patch_range"]
        q = np.cumsum(z[p + "patch_delta"], axis=0, dtype=np.uint8)  # the running sum wraps back mod 256
        save("video_patch.npy", (q.astype(np.float32) / 255 * (hi - lo) + lo).astype(np.float32))
        tokens = os.path.join(cache, "tokens", codec)
        os.makedirs(tokens, exist_ok=True)
        np.save(os.path.join(tokens, f"{split}.npy"), z[p + "codes"])
        frames[split] = shape[0]
    return {"codec": codec, "cache": cache, "frames": frames}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("pack")
    a.add_argument("--cache", default="training/.cache")
    a.add_argument("--codec", default="codec-v2")
    a.add_argument("--out", default=None)
    b = sub.add_parser("unpack")
    b.add_argument("--bundle", required=True)
    b.add_argument("--cache", default="training/.cache")
    args = ap.parse_args()
    if args.cmd == "pack":
        r = pack(args.cache, args.codec, args.out or DEFAULT_OUT.format(codec=args.codec))
    else:
        r = unpack(args.bundle, args.cache)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
