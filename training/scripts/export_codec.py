"""Export a trained codec into a model pack and check it in onnxruntime-node:
encoder.onnx, decoder.onnx (fp32, checked against torch), decoder.int8.onnx, manifest.json.

usage: python3 -m training.scripts.export_codec --run training/runs/codec-v1 --pack public/models/codec-v1
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch

from training.codec.builders import load_codec
from training.codec.stft import exact_stft
from training.codec.dataset import SegmentSampler, load_manifest
from training.export.onnx_export import export_codec, synthesis_spec
from training.export.ort import ort_decode, ort_run
from training.export.pack import write_manifest, write_model_card
from training.export.quantize import quantize_matmuls


def check_pack(model, pack: str, wav: torch.Tensor, decode_frames: int = 500) -> dict:
    """Compare onnxruntime-node with torch: encoder codes, decoder waveform (relative max error),
    and time a 10 s decode (500 frames) for both decoders."""
    with torch.no_grad(), exact_stft():
        codes = model.encode(wav)
        y = model.decode(codes).numpy()
    syn = synthesis_spec(model)
    (ort_codes,), _ = ort_run(os.path.join(pack, "encoder.onnx"), [{"wav": wav.numpy()}], "codes")
    (ort_y,), _ = ort_decode(os.path.join(pack, "decoder.onnx"), [codes.numpy()], syn)
    rel = float(np.abs(ort_y - y).max() / max(np.abs(y).max(), 1e-12))
    g = torch.Generator().manual_seed(0)
    long = torch.randint(0, model.codebook_size, (1, model.n_q, decode_frames), generator=g).numpy()
    _, ms32 = ort_decode(os.path.join(pack, "decoder.onnx"), [long], syn, repeat=5)
    out = {"encoder_code_agreement": float((ort_codes == codes.numpy()).mean()),
           "decoder_rel_max_error_fp32": rel,
           "decode_10s_ms_fp32_node": float(np.min(ms32[0]))}
    p8 = os.path.join(pack, "decoder.int8.onnx")
    if os.path.exists(p8):
        (y8,), _ = ort_decode(p8, [codes.numpy()], syn)
        _, ms8 = ort_decode(p8, [long], syn, repeat=5)
        out["decoder_rel_max_error_int8"] = float(np.abs(y8 - y).max() / max(np.abs(y).max(), 1e-12))
        out["decode_10s_ms_int8_node"] = float(np.min(ms8[0]))
        if syn.get("phase") == "peaks":
            # The phase follows the magnitudes' peaks, so int8's small magnitude errors move
            # phases and a waveform comparison says little: compare what the graph writes.
            (m32,), _ = ort_run(os.path.join(pack, "decoder.onnx"), [{"codes": codes.numpy()}], "mag")
            (m8,), _ = ort_run(p8, [{"codes": codes.numpy()}], "mag")
            out["decoder_mag_rel_error_int8"] = float(np.linalg.norm(m8 - m32) / max(np.linalg.norm(m32), 1e-12))
    return out


def receptive_field(model) -> int:
    """Token frames each side that reach a decoded frame: half of every temporal kernel, summed."""
    d = model.decoder
    convs = [d.inp] + [b.dw for b in d.blocks]
    frames = sum((c.kernel_size[0] - 1) // 2 * c.dilation[0] for c in convs)
    # predictive codes are integrated over the taps − 1 frames before (quantizer.PredictiveRVQ);
    # the engine's context is the same on both sides, so it covers that reach back too
    return frames + getattr(model.quantizer, "taps", 1) - 1


def bench_wasm(pack: str, frames: int = 500) -> dict:
    """10 s decode in onnxruntime-web's WASM backend (1 thread, as without cross-origin isolation),
    through the engine's codec decoder (graph + the engine's inverse STFT): scripts/bench-codec.ts."""
    import subprocess
    from training.export.ort import ROOT
    res = subprocess.run(["npx", "tsx", os.path.join(ROOT, "scripts", "bench-codec.ts"), os.path.abspath(pack),
                          "--frames", str(frames), "--runs", "3"], capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        return {"wasm_error": res.stderr[-300:]}
    r = json.loads(res.stdout.strip().splitlines()[-1])
    out = {}
    for k, v in r.items():
        if isinstance(v, dict):
            name = k.replace("decoder_int8", "int8").replace("decoder", "fp32")
            out[f"decode_10s_ms_{name}_wasm_1thread"] = v["ms_median"]
            out[f"decode_10s_ms_{name}_wasm_1thread_graph"] = v["graph_ms_median"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="training/runs/codec-v1")
    ap.add_argument("--which", default="best")
    ap.add_argument("--pack", default="public/models/codec-v1")
    ap.add_argument("--check-manifest", default="training/.cache/heldout/manifest.jsonl",
                    help="clips to check the pack against torch on when the run's own data manifest is not on this machine "
                         "(training.scripts.heldout_renders writes this one)")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model, cfg = load_codec(a.run, a.which)
    ck = torch.load(os.path.join(a.run, f"{a.which}.pt"), map_location="cpu")
    os.makedirs(a.pack, exist_ok=True)
    export_codec(model, os.path.join(a.pack, "encoder.onnx"), os.path.join(a.pack, "decoder.onnx"))
    q = quantize_matmuls(os.path.join(a.pack, "decoder.onnx"), os.path.join(a.pack, "decoder.int8.onnx"))
    if os.path.exists(cfg["data"]["manifest"]):
        rows = load_manifest(cfg["data"]["manifest"], "test") or load_manifest(cfg["data"]["manifest"], "valid")
    else:  # a derived run (layered_codec.py) on a machine without the codec's training data
        with open(a.check_manifest) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    wav = SegmentSampler(rows, 150 * cfg["model"]["hop"], 1).fixed(4)
    training = {"steps": ck.get("step"), "valid_mel_l1": ck.get("valid_mel"),
                "data": "see README.md (model card)", "config": cfg}
    checks = {**check_pack(model, a.pack, wav), **q}
    extra = {"synthesis": synthesis_spec(model), "context_frames": receptive_field(model)}
    write_manifest(a.pack, cfg, training, checks, **extra)  # the WASM bench reads the pack's manifest
    checks.update(bench_wasm(a.pack))
    checks["machine"] = "2-core CPU shared with other jobs; onnxruntime-node/web 1.30; times are best of 5 (node) / median of 3 (wasm)"
    manifest = write_manifest(a.pack, cfg, training, checks, **extra)
    clips_dir = os.path.dirname(cfg["data"]["manifest"])
    if os.path.exists(os.path.join(clips_dir, "tracks.jsonl")):
        with open(os.path.join(clips_dir, "summary.json")) as f:
            summary = json.load(f)
        write_model_card(a.pack, os.path.join(clips_dir, "tracks.jsonl"), summary, manifest, "training/reports/codec.md")
    print(json.dumps(checks, indent=1))


if __name__ == "__main__":
    main()
