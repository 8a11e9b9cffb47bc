"""A music model pack (docs/pack-format.md): D's graphs (`export.export_music`: three, and the optional prefill) plus
`manifest.json`, which states the token interface, rates, every control and feature spec with its
version, the inputs and outputs of every graph (read back from the ONNX files, so they cannot
disagree), the sha256 and size of every file, per-backend variants, default sampling settings and
the codec pack the tokens are decoded with. The engine (src/engine/pack/) validates the same file.

python -m training.music.pack --checkpoint run/stage2.pt --out public/models/music-v1 [--name music-v1]
python -m training.music.pack --fixture test/fixtures/music/tiny-pack     (the tiny random test pack)
python -m training.music.pack --fixture test/fixtures/music/tiny-pack-integ --name music-tiny-integ --integrate   (the same with integrated inputs)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess

import onnx
import torch

from training.codec.builders import load_config
from training.export.ort import ROOT
from training.export.pack import sha256

from .controls import CONTROL_SPEC, ENSEMBLE_DIM
from .export import export_music
from .model import MusicModel

FORMAT_VERSION = 1
CONTROLS_VERSION = 2  # src/engine/controls/json.ts CONTROLS_VERSION: harmony filled since v2
ENSEMBLE_VERSION = 1
DEFAULT_SAMPLING = {"top_k": 250, "temperature": 1.0, "guidance_scale": 3.0}  # paper App. B; w = 3 as MusicGen
FIXTURE_CONFIG = os.path.join(ROOT, "training", "configs", "music", "pack-fixture.json")
GRAPHS = ("video_encoder", "condition_encoder", "step")
OPTIONAL_GRAPHS = ("prefill",)  # the decoder over a window's known steps at once (export.py)
_DTYPES = {1: "float32", 7: "int64", 6: "int32", 10: "float16", 9: "bool"}


def graph_io(path: str) -> dict:
    """Inputs and outputs of an ONNX file: {name: {dtype, dims}}, a dim a name where dynamic."""
    g = onnx.load(path, load_external_data=False).graph

    def one(v):
        t = v.type.tensor_type
        dims = [d.dim_param if d.dim_param else int(d.dim_value) for d in t.shape.dim]
        return {"dtype": _DTYPES[t.elem_type], "dims": dims}
    inits = {i.name for i in g.initializer}
    return {"inputs": {v.name: one(v) for v in g.input if v.name not in inits},
            "outputs": {v.name: one(v) for v in g.output}}


def video_spec() -> dict:
    """The engine's VIDEO_SPEC, verbatim (src/engine/video/spec.ts is its one definition)."""
    code = "import('./src/engine/video/spec.ts').then(m => console.log(JSON.stringify(m.VIDEO_SPEC)))"
    out = subprocess.run(["node", "--import", "tsx", "-e", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_pack(model: MusicModel, out_dir: str, name: str, codec: str = "codec-v2",
               context_seconds: float = 30.0, extra: dict | None = None) -> dict:
    """Export `model` (stage 2) into out_dir and write its manifest; returns the manifest."""
    assert model.has_controls, "a pack needs the stage-2 model (controls)"
    info = export_music(model, out_dir)
    os.remove(os.path.join(out_dir, "graphs.json"))  # the manifest says all of it
    files = {role: {"file": f, "bytes": os.path.getsize(os.path.join(out_dir, f)), "sha256": sha256(os.path.join(out_dir, f))}
             for role, f in sorted(info["files"].items())}
    graphs = {role: graph_io(os.path.join(out_dir, info["files"][role])) for role in GRAPHS + OPTIONAL_GRAPHS if role in info["files"]}
    p = model.pattern
    manifest = {
        "name": name,
        "kind": "music",
        "format_version": FORMAT_VERSION,
        "tokens": {"sample_rate": 32000, "frame_rate": model.music_rate, "codebooks": p.n_q,
                   "codebook_size": p.card, "special": p.special, "delays": list(p.delays)},
        "video": {**video_spec(), "frame_dim": 17, "context_dim": 10, "patch_dim": 7},
        "controls": {
            "version": CONTROLS_VERSION, "frame_rate": model.music_rate, "dcf_patch": model.dcf_patch,
            "time": [{"name": n, "dim": d, "offset": o, "scale": s, "lo": lo, "hi": hi}
                     for n, (d, o, s, lo, hi) in CONTROL_SPEC.items()],
            "ensemble": {"version": ENSEMBLE_VERSION, "dim": ENSEMBLE_DIM,
                         "meaning": "GM instrument families (program // 8), multi-hot; mask 0 = the model chooses"},
        },
        "model": {"dim": info["dim"], "heads": info["heads"], "head_dim": info["head_dim"], "layers": info["layers"],
                  # per attention layer, its cross-attention window in seconds (null = ∞): the step
                  # takes a windowed layer's video frames already cut (layers.window_frames)
                  "windows": info["windows"],
                  "context_steps": int(round(context_seconds * model.music_rate))},
        "sampling": dict(DEFAULT_SAMPLING),
        "codec": {"pack": codec, "graph": "decoder"},
        "graphs": graphs,
        "files": files,
        # which file runs a graph on a backend; a graph not named runs its own file everywhere.
        # MatMulInteger has no WebGPU kernel, so WebGPU takes the fp32 step (no fp16: docs/dev-notes.md).
        # The prefill graph is optional (the engine then primes with steps) and follows the step.
        "variants": {"wasm": {g: f"{g}_int8" for g in ("step", "prefill") if f"{g}_int8" in files},
                     "webgpu": {g: g for g in ("step", "prefill") if g in files}},
        **(extra or {}),
    }
    validate_pack(manifest, out_dir)
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


class PackError(ValueError):
    pass


def validate_pack(m: dict, pack_dir: str) -> None:
    """The Python half of the engine's checks (src/engine/pack/validate.ts): fields, graph roles,
    every file present with its size and sha256. Raises PackError naming the bad field or file."""
    for key in ("name", "kind", "format_version", "tokens", "controls", "model", "sampling", "codec", "graphs", "files", "variants"):
        if key not in m:
            raise PackError(f"manifest.{key} is missing")
    if m["kind"] != "music" or m["format_version"] != FORMAT_VERSION:
        raise PackError(f"manifest is {m['kind']} v{m['format_version']}, expected music v{FORMAT_VERSION}")
    if len(m["model"].get("windows", [])) != m["model"]["layers"]:
        raise PackError(f"manifest.model.windows should list {m['model']['layers']} layers' windows")
    for role in GRAPHS:
        if role not in m["graphs"] or role not in m["files"]:
            raise PackError(f"manifest.graphs.{role} / files.{role} is missing")
    for role in OPTIONAL_GRAPHS:
        if (role in m["graphs"]) != (role in m["files"]):
            raise PackError(f"manifest.graphs.{role} and files.{role} come together or not at all")
    for backend, roles in m["variants"].items():
        for role, key in roles.items():
            if key not in m["files"]:
                raise PackError(f"manifest.variants.{backend}.{role} names file {key!r}, which manifest.files lacks")
    for role, f in m["files"].items():
        path = os.path.join(pack_dir, f["file"])
        if not os.path.exists(path):
            raise PackError(f"{f['file']} (files.{role}) is missing from {pack_dir}")
        if os.path.getsize(path) != f["bytes"]:
            raise PackError(f"{f['file']} is {os.path.getsize(path)} bytes, manifest says {f['bytes']}")
        if sha256(path) != f["sha256"]:
            raise PackError(f"{f['file']} does not match its sha256 in the manifest")


def fixture_model(seed: int = 0, integrate: bool = False) -> tuple[MusicModel, dict]:
    """The tiny random stage-2 model of the test pack. CGD's L1/L2 start at zero (stage 2 starts at
    the stage-1 model), which would make the controls invisible; the fixture draws them at random
    so a test can see controls reach the logits. integrate: with integrated inputs (the step's
    `integ` state, docs/music-model.md), their gain drawn at random too."""
    cfg = load_config(FIXTURE_CONFIG)
    if integrate:
        cfg["model"] = dict(cfg["model"], integrate_inputs={"leak": 0.8, "taps": 512})
    torch.manual_seed(seed)
    model = MusicModel(cfg["model"])
    model.add_controls()
    for b in model.blocks:
        for lin in (b.cgd.l1, b.cgd.l2):
            torch.nn.init.normal_(lin.weight, std=0.3)
    if integrate:
        with torch.no_grad():
            model.integ_gain.normal_(1.0, 0.5)
    return model.eval(), cfg


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", help="a weights-only stage-2 checkpoint")
    ap.add_argument("--fixture", help="write the tiny random test pack here instead")
    ap.add_argument("--out")
    ap.add_argument("--name")
    ap.add_argument("--codec", default="codec-v2")
    ap.add_argument("--integrate", action="store_true", help="with --fixture: a model with integrated inputs (the step's integ state)")
    a = ap.parse_args()
    if a.fixture:
        model, cfg = fixture_model(integrate=a.integrate)
        m = write_pack(model, a.fixture, a.name or "music-tiny-random", a.codec, cfg["model"]["context_seconds"],
                       {"_what": "tiny random weights (training/music/pack.py --fixture): for tests only, never offered to a person"})
        from .pack_golden import write_golden
        write_golden(model, a.fixture)
    else:
        from .train import load_weights
        model, ck = load_weights(a.checkpoint)
        m = write_pack(model, a.out, a.name or os.path.basename(os.path.normpath(a.out)), a.codec,
                       ck["config"]["model"].get("context_seconds", 30.0))
    print(json.dumps({r: f["bytes"] for r, f in m["files"].items()}))


if __name__ == "__main__":
    main()
