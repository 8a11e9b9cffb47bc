"""Model pack: public/models/<pack>/ = manifest.json + ONNX files + README.md (model card).
The engine reads the token interface from the manifest and never hard-codes it (DESIGN §3)."""
from __future__ import annotations

import hashlib
import json
import os


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(pack_dir: str, cfg: dict, training: dict, checks: dict) -> dict:
    m = cfg["model"]
    files = {}
    for role, name in (("encoder", "encoder.onnx"), ("decoder", "decoder.onnx"), ("decoder_int8", "decoder.int8.onnx")):
        p = os.path.join(pack_dir, name)
        if os.path.exists(p):
            files[role] = {"file": name, "bytes": os.path.getsize(p), "sha256": sha256(p)}
    manifest = {
        "name": os.path.basename(os.path.normpath(pack_dir)),
        "kind": "codec",
        "format_version": 1,
        "sample_rate": m["sample_rate"],
        "channels": 1,
        "hop": m["hop"],
        "frame_rate": m["sample_rate"] / m["hop"],
        "codebooks": m["n_q"],
        "codebook_size": m["codebook_size"],
        "opset": 17,
        "files": files,
        "io": {
            "encoder": {"inputs": {"wav": ["batch", 1, "samples"], "dtype": "float32"},
                        "outputs": {"codes": ["batch", m["n_q"], "frames"], "dtype": "int64"},
                        "note": "samples must be a multiple of hop; frames = samples / hop"},
            "decoder": {"inputs": {"codes": ["batch", m["n_q"], "frames"], "dtype": "int64"},
                        "outputs": {"wav": ["batch", 1, "samples"], "dtype": "float32"},
                        "note": "samples = frames * hop; codes in [0, codebook_size)"},
        },
        "variants": {"wasm": ["decoder_int8", "decoder"], "webgpu": ["decoder"],
                     "_why": "MatMulInteger has no WebGPU kernel, so WebGPU uses the fp32 decoder"},
        "training": training,
        "checks": checks,
    }
    with open(os.path.join(pack_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return manifest
