"""Python side of ort_run.mjs: run ONNX models in onnxruntime-node on numpy arrays."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(ROOT, "training", "export", "ort_run.mjs")


def ort_run(model: str, batches: list[dict], output, repeat: int = 0, threads: int = 2):
    """batches: list of {input name: ndarray}; returns (list of output arrays, list of ms lists).
    output: one name, or a list of names (then each item is {name: array})."""
    names = [output] if isinstance(output, str) else list(output)
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i, feeds in enumerate(batches):
            inputs = {}
            for name, arr in feeds.items():
                dtype = "int64" if arr.dtype.kind in "iu" else "float32"
                arr = np.ascontiguousarray(arr.astype(np.int64 if dtype == "int64" else np.float32))
                f = os.path.join(tmp, f"in{i}_{name}.bin")
                arr.tofile(f)
                inputs[name] = {"file": f, "dtype": dtype, "dims": list(arr.shape)}
            runs.append({"inputs": inputs, "outputs": {n: os.path.join(tmp, f"out{i}_{n}.bin") for n in names},
                         "repeat": repeat})
        job = os.path.join(tmp, "job.json")
        with open(job, "w") as f:
            json.dump({"model": os.path.abspath(model), "runs": runs, "threads": threads}, f)
        res = subprocess.run(["node", RUNNER, job], capture_output=True, text=True, cwd=ROOT)
        if res.returncode:
            raise RuntimeError(res.stderr[-2000:])
        info = json.loads(res.stdout.strip().splitlines()[-1])
        outs = []
        for i, r in enumerate(info["runs"]):
            got = {}
            for n in names:
                o = r["outputs"][n]
                dt = np.int64 if o["type"] == "int64" else np.float32
                got[n] = np.fromfile(os.path.join(tmp, f"out{i}_{n}.bin"), dtype=dt).reshape(o["dims"])
            outs.append(got[output] if isinstance(output, str) else got)
        return outs, [r["ms"] for r in info["runs"]]


def ort_decode(model: str, codes: list[np.ndarray], synthesis: dict | None, repeat: int = 0, threads: int = 2):
    """A codec decoder graph on each (1, K, F) codes array → list of (1, 1, F*hop) waveforms, and
    the ms lists. For 'istft' graphs (outputs mag, dphase) the audio is made as the engine makes it
    (training/codec/synth.py = src/engine/codec/synth.ts; phase 'peaks': the graph writes mag only);
    the timings are the graph's alone."""
    if not synthesis or synthesis.get("kind", "wav") == "wav":
        return ort_run(model, [{"codes": c} for c in codes], "wav", repeat=repeat, threads=threads)
    from training.codec.synth import synthesize, synthesize_peaks
    if synthesis.get("phase") == "peaks":
        outs, ms = ort_run(model, [{"codes": c} for c in codes], "mag", repeat=repeat, threads=threads)
        return [synthesize_peaks(m, synthesis["n_fft"], synthesis["stft_hop"]) for m in outs], ms
    outs, ms = ort_run(model, [{"codes": c} for c in codes], ["mag", "dphase"], repeat=repeat, threads=threads)
    return [synthesize(o["mag"], o["dphase"], synthesis["n_fft"], synthesis["stft_hop"], synthesis.get("frame_origin", "start"))
            for o in outs], ms
