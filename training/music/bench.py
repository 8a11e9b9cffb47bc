"""Pick the model size by measurement: export a randomly initialised stage-2 model of each size
(weights do not change the step's cost) and time its int8 step in onnxruntime-web WASM
(bench_step.mjs) at 1 and 2 threads, batch 2, with a KV cache of `past` steps.

python -m training.music.bench --sizes 128x2,256x2,384x2 --past 500,1500 --threads 1,2 --repeats 3 \
    [--out training/reports/music_step_bench.json]

Each (size, past, threads) runs bench_step.mjs `repeats` times; the figure kept is the median of
their medians, in wall time and in process CPU time (see bench_step.mjs for why both).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess

import torch

from training.codec.builders import load_config
from training.export.ort import ROOT

from .export import export_music
from .model import MusicModel

BENCH = os.path.join(ROOT, "training", "music", "bench_step.mjs")


def model_for(size: str, base: dict) -> MusicModel:
    dim, blocks = (int(x) for x in size.split("x"))
    m = dict(base["model"], dim=dim, blocks=blocks, heads=max(4, dim // 64))
    torch.manual_seed(0)
    model = MusicModel(m)
    model.add_controls()
    return model.eval()


def run(dir_: str, threads: int, past: int, video_frames: int, runs: int, role: str) -> dict:
    res = subprocess.run(["nice", "-n", "15", "node", BENCH, dir_, str(threads), str(past), str(video_frames), str(runs), role],
                         capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        raise RuntimeError(res.stderr[-2000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="training/configs/music/base.json")
    ap.add_argument("--sizes", default="128x2,256x2,384x2", help="dim x blocks (4 layers + 1 CGD clone per block)")
    ap.add_argument("--past", default="500,1500")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--video-frames", type=int, default=300)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--role", default="step_int8")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    torch.set_num_threads(1)
    base = load_config(a.config)
    rows = []
    for size in a.sizes.split(","):
        d = os.path.join(ROOT, "training", ".cache", "music-bench", size)
        model = model_for(size, base)
        info = export_music(model, d)
        params = sum(p.numel() for p in model.parameters())
        for past in map(int, a.past.split(",")):
            for threads in map(int, a.threads.split(",")):
                rs = [run(d, threads, past, a.video_frames, a.runs, a.role) for _ in range(a.repeats)]
                row = {"size": size, "params": params, "layers": info["layers"], "step_int8_bytes": info["bytes"].get("step_int8"),
                       "past": past, "threads": threads,
                       "ms_median": statistics.median(r["ms_median"] for r in rs),
                       "cpu_ms_median": statistics.median(r["cpu_ms_median"] for r in rs),
                       "runs": [r["ms_median"] for r in rs], "load": [r["load"] for r in rs]}
                row["realtime_wall"] = round(20.0 / row["ms_median"], 2)
                row["realtime_cpu"] = round(20.0 / row["cpu_ms_median"], 2)
                rows.append(row)
                print(json.dumps(row), flush=True)
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"machine": os.uname().machine, "cpus": os.cpu_count(), "note": "batch 2, int8 step, onnxruntime-web WASM under Node; "
                       "shared with a training job, so wall times include waiting for the CPU", "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
