"""Python side of ort_run.mjs: run ONNX models in onnxruntime-node on numpy arrays."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(ROOT, "training", "export", "ort_run.mjs")


def ort_run(model: str, batches: list[dict], output: str, repeat: int = 0, threads: int = 2):
    """batches: list of {input name: ndarray}; returns (list of output arrays, list of ms lists)."""
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
            runs.append({"inputs": inputs, "outputs": {output: os.path.join(tmp, f"out{i}.bin")}, "repeat": repeat})
        job = os.path.join(tmp, "job.json")
        with open(job, "w") as f:
            json.dump({"model": os.path.abspath(model), "runs": runs, "threads": threads}, f)
        res = subprocess.run(["node", RUNNER, job], capture_output=True, text=True, cwd=ROOT)
        if res.returncode:
            raise RuntimeError(res.stderr[-2000:])
        info = json.loads(res.stdout.strip().splitlines()[-1])
        outs = []
        for i, r in enumerate(info["runs"]):
            o = r["outputs"][output]
            dt = np.int64 if o["type"] == "int64" else np.float32
            outs.append(np.fromfile(os.path.join(tmp, f"out{i}.bin"), dtype=dt).reshape(o["dims"]))
        return outs, [r["ms"] for r in info["runs"]]
