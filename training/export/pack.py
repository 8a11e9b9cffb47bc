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


def write_manifest(pack_dir: str, cfg: dict, training: dict, checks: dict, synthesis: dict | None = None,
                   context_frames: int | None = None) -> dict:
    """synthesis: what the decoder graph writes (onnx_export.synthesis_spec); context_frames: the
    decoder's receptive field in token frames, each side (streamed decoding reads that much)."""
    m = cfg["model"]
    synthesis = synthesis or {"kind": "wav"}
    if synthesis.get("phase") == "peaks":
        bins = synthesis["n_fft"] // 2 + 1
        dec_out = {"mag": ["batch", "stft_frames", bins], "dtype": "float32"}
        dec_note = (f"stft_frames = frames * hop / stft_hop; the engine derives each frame's phase from the "
                    f"magnitudes (peak frequencies, identity phase locking: src/engine/codec/synth.ts) and "
                    f"inverts each frame: irfft(mag * exp(i * phase), n_fft) * periodic Hann, overlap-added at "
                    f"stft_hop, / the squared window's overlap-add, first (n_fft - stft_hop) / 2 samples dropped")
    elif synthesis["kind"] == "istft":
        bins = synthesis["n_fft"] // 2 + 1
        dec_out = {"mag": ["batch", "stft_frames", bins], "dphase": ["batch", "stft_frames", bins], "dtype": "float32"}
        dec_note = (f"stft_frames = frames * hop / stft_hop; the engine sums dphase over frames (radians) and "
                    f"inverts each frame: irfft(mag * exp(i * phase), n_fft) * periodic Hann, overlap-added at "
                    f"stft_hop, / the squared window's overlap-add, first (n_fft - stft_hop) / 2 samples dropped")
    else:
        dec_out = {"wav": ["batch", 1, "samples"], "dtype": "float32"}
        dec_note = "samples = frames * hop; codes in [0, codebook_size)"
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
                        "outputs": dec_out, "note": dec_note},
        },
        "synthesis": synthesis,
        "variants": {"wasm": ["decoder_int8", "decoder"], "webgpu": ["decoder"],
                     "_why": "MatMulInteger has no WebGPU kernel, so WebGPU uses the fp32 decoder"},
        **({"context_frames": context_frames} if context_frames is not None else {}),
        "training": training,
        "checks": checks,
    }
    with open(os.path.join(pack_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return manifest


def write_model_card(pack_dir: str, tracks_jsonl: str, summary: dict, manifest: dict, report: str) -> None:
    """README.md of the pack: what it is, its interface, and every data source with its licence."""
    import collections
    per = collections.defaultdict(lambda: {"tracks": 0, "licences": collections.Counter(), "version": ""})
    with open(tracks_jsonl) as f:
        for line in f:
            t = json.loads(line)
            if t.get("n_clips", 0) == 0:
                continue
            key = "composer" if t["source"] == "composer" else t["package"]
            per[key]["tracks"] += 1
            per[key]["licences"][t["licence"]] += 1
            per[key]["version"] = t.get("version", "")
            per[key]["source"] = t["source"]
    c = manifest.get("checks", {})
    tr = manifest.get("training", {})
    lines = [
        f"# {manifest['name']} — Undertone's audio codec", "",
        "An EnCodec-style residual-VQ codec with the MusicGen token interface, trained from scratch by "
        "`training/` (no pretrained weights are reachable here) on free music from Debian packages.", "",
        f"- {manifest['sample_rate']} Hz mono; {manifest['frame_rate']:g} Hz frames (hop {manifest['hop']}); "
        f"{manifest['codebooks']} codebooks × {manifest['codebook_size']} entries",
        "- `encoder.onnx`: wav (B, 1, samples) float32 → codes (B, 4, samples/640) int64",
        "- `decoder.onnx`: codes (B, 4, frames) int64 → wav (B, 1, frames·640) float32 — ConvNeXt at 50 Hz + "
        "inverse STFT as a fixed ConvTranspose1d; `decoder.int8.onnx`: the same with dynamic int8 MatMuls "
        "(WASM only: MatMulInteger has no WebGPU kernel)",
        f"- training: {tr.get('steps')} steps on a shared 2-core CPU; measured quality in `training/reports/codec.md`",
        f"- checks: onnxruntime-node vs torch max relative error {c.get('decoder_rel_max_error_fp32', float('nan')):.1e}; "
        f"10 s decode {c.get('decode_10s_ms_fp32_node', float('nan')):.0f} ms fp32 / "
        f"{c.get('decode_10s_ms_int8_node', float('nan')):.0f} ms int8 (onnxruntime-node, 2 threads); "
        f"onnxruntime-web WASM, 1 thread: {c.get('decode_10s_ms_fp32_wasm_1thread', float('nan')):.0f} ms fp32 / "
        f"{c.get('decode_10s_ms_int8_wasm_1thread', float('nan')):.0f} ms int8", "",
        "## Training data", "",
        "Fetched with `apt-get download` + `dpkg -x` (Debian bookworm), decoded to 32 kHz mono, loudness-normalised, "
        "cut into 10 s clips; MIDI rendered with fluidsynth and FluidR3_GM (MIT). Licences as stated in each package's "
        "`/usr/share/doc/<package>/copyright` (per file where it is machine-readable). Per-track records: "
        "`training/.cache/clips/tracks.jsonl` after `training/scripts/prepare_data.py`.", "",
        "| source | package version | kind | tracks | hours | licence(s) |", "|---|---|---|---|---|---|"]
    for k in sorted(per):
        v = per[k]
        hours = sum(summary.get(k, {}).values())
        lic = ", ".join(f"{l} ({n})" if len(v["licences"]) > 1 else l for l, n in v["licences"].most_common())
        lines.append(f"| {k} | {v['version']} | {v['source']} | {v['tracks']} | {hours:.2f} | {lic} |")
    lines += ["", f"Total {summary.get('_total_hours', 0):.1f} h. The composer's pieces are generated by "
              "`training/data/composer.py` (tempo ramps/steps, 3/4 and 4/4, modes, progressions, prescribed "
              "melodies, dynamics ramps) and rendered with the GM soundfont.", "",
              "Weights derived from GPL and CC-BY-SA material: treat the pack as carrying those terms "
              "(GPL-2+/GPL-3+, CC-BY-SA-3.0/4.0) and credit the packages above.", ""]
    with open(os.path.join(pack_dir, "README.md"), "w") as f:
        f.write("\n".join(lines))
