"""Export the music model to ONNX (opset 17) as three graphs the engine chains:

  video_encoder.onnx      frame (B, Tv, 17), context (B, Tv, 10), patch (B, Tv, 16, 7), video_mask (B,)
                          → prefix (B, D), cross_key.<i> (B, H, dh, Tv), cross_value.<i> (B, H, Tv, dh)
                          per attention layer i                                              once per clip
  condition_encoder.onnx  <control> (B, T, dim) and <control>_mask for rhythm, intensity, melody,
                          emotion, harmony; ensemble, ensemble_mask (B, 16); T a multiple of 50
                          (pad with mask-0 frames) → control (B, T, D)                     once per clip
  step.onnx               tokens (B, K) int64, prefix (B, D), step (1,) int64, control (B, D),
                          cross_key.<i>, cross_value.<i>, past_key.<i> (B, H, dh, P), past_value.<i>
                          (B, H, P, dh) per layer i → logits (B, K, card), new_key.<i> (B, H, dh, 1),
                          new_value.<i> (B, H, 1, dh): this step's entries, which the caller appends

  prefill.onnx            tokens (B, K, S) int64: the input tokens of steps 0..S-1, prefix (B, D), control
                          (B, S, D), cross_key.<i>, cross_value.<i> whole (not windowed) per layer → logits
                          (B, K, card) of step S-1, present_key.<i> (B, H, dh, S), present_value.<i>
                          (B, H, S, dh): the cache S single steps would have built              once per window
                          with a known start (windowed continuation's primed frames, a prompt)

Keys are kept transposed (dh before time) so they are multiplied as they are. A windowed layer
(5, 3, 2 s) gets only the frames of its window at this step, `layers.window_frames(step, Tv, window)`
(graphs.json lists each layer's window); ∞ layers get them all. So the step neither copies nor scores
video it cannot see, and holds no mask arithmetic. The step returns only
its new cache entries: returning past + new would copy the whole cache every step (measured: the
Concats were the largest cost of the step). Attention ignores the order of cached positions (their
positions are in the embeddings), so the caller may keep a fixed buffer and overwrite the oldest
entry once the window is full. Layer i's order: per 4D-block its first layer, the CGD clone (stage 2), the other three.

Step s: tokens = the previous step's tokens (all special, 2048, at s = 0), prefix = the encoder's
prefix at s = 0 and zeros after, control = row min(s, T-1). Batch 2 for guidance: row 0
conditioned, row 1 with video_mask 0 and every control mask 0. step.int8.onnx is step.onnx with
dynamic int8 MatMuls (training/export/quantize.py, 7-bit weights); prefill.int8.onnx likewise.
The prefill runs the masked path of training's forward (window and causal masks computed in the
graph from the positions and the number of video frames), so one run replaces S step runs.

python -m training.music.export --checkpoint training/runs/music-tiny/stage2.pt --out <dir>
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile

import numpy as np
import torch
from torch import nn

from training.export.ort import ROOT
from training.export.quantize import quantize_matmuls

from .controls import CONTROL_SPEC, ENSEMBLE_DIM, TIME_CONTROLS, pad_frames
from .model import MusicModel

OPSET = 17
RUNNER = os.path.join(ROOT, "training", "music", "step_run.mjs")


class VideoEncoderGraph(nn.Module):
    def __init__(self, model: MusicModel):
        super().__init__()
        self.model = model
        self.eval()

    def forward(self, frame, context, patch, video_mask):
        prefix, memory = self.model.video(frame, context, patch, video_mask)
        return (prefix,) + tuple(t for kv in self.model.cross_kv(memory) for t in kv)


class ConditionEncoderGraph(nn.Module):
    def __init__(self, model: MusicModel):
        super().__init__()
        self.model = model
        self.eval()

    def forward(self, *inputs):
        names = [n for c in TIME_CONTROLS for n in (c, c + "_mask")] + ["ensemble", "ensemble_mask"]
        x = dict(zip(names, inputs))
        controls = {c: (x[c], x[c + "_mask"]) for c in TIME_CONTROLS + ("ensemble",)}
        return self.model.conditions(controls)


class StepGraph(nn.Module):
    def __init__(self, model: MusicModel):
        super().__init__()
        self.model = model
        self.integ = bool(model.integ_taps)
        self.eval()

    def forward(self, tokens, prefix, step, control, *rest):
        """rest: with integrate_inputs the state `integ` (B, D) first; then cross_key.0,
        cross_value.0, …, then past_key.0, past_value.0, …"""
        integ, caches = (rest[0], rest[1:]) if self.integ else (None, rest)
        pairs = [(caches[2 * i], caches[2 * i + 1]) for i in range(len(caches) // 2)]
        L = len(pairs) // 2
        logits, present = self.model.decode(tokens[:, :, None], prefix, step,
                                            control[:, None, :] if control is not None else None,
                                            pairs[:L], pairs[L:], windowed_cross=True, integ=integ)
        out = (logits[:, :, 0],) + tuple(t for kv in present for t in kv)
        return out + ((self.model.integ_out,) if self.integ else ())


class PrefillGraph(nn.Module):
    """The decoder over steps 0..S-1 at once with an empty cache: what S single steps compute."""

    def __init__(self, model: MusicModel):
        super().__init__()
        self.model = model
        self.eval()

    def forward(self, tokens, prefix, control, *cross):
        """cross: cross_key.0, cross_value.0, … whole, as the video encoder gives them."""
        pairs = [(cross[2 * i], cross[2 * i + 1]) for i in range(len(cross) // 2)]
        start = torch.zeros(1, dtype=torch.long)
        logits, present = self.model.decode(tokens, prefix, start, control, pairs,
                                            self.model.empty_cache(tokens.shape[0]), last_only=True)
        out = (logits[:, :, 0],) + tuple(t for kv in present for t in kv)
        return out + ((self.model.integ_out,) if self.model.integ_taps else ())  # the state after the chunk


def condition_inputs(controls: dict) -> dict:
    """torch controls dict → the condition graph's named inputs (numpy), frames padded to 50."""
    out = {}
    for c in TIME_CONTROLS:
        v, m = controls[c]
        out[c], out[c + "_mask"] = pad_frames(v, 50).numpy(), pad_frames(m, 50).numpy()
    out["ensemble"], out["ensemble_mask"] = controls["ensemble"][0].numpy(), controls["ensemble"][1].numpy()
    return out


def export_music(model: MusicModel, out_dir: str, quantize: bool = True) -> dict:
    model = model.eval().float()
    model.fold_codec_tables()  # codec_tables: the same function as plain embedding lookups
    os.makedirs(out_dir, exist_ok=True)
    B, Tv, T, P = 2, 20, 100, 3
    L, H, dh = len(model.attention_layers()), model.heads, model.dim // model.heads
    frame, context, patch = torch.rand(B, Tv, 17), torch.rand(B, Tv, 10), torch.rand(B, Tv, 16, 7)
    vm = torch.ones(B)
    paths = {r: os.path.join(out_dir, f"{r}.onnx") for r in ("video_encoder", "condition_encoder", "step")}
    with torch.no_grad():
        prefix, *cross = VideoEncoderGraph(model)(frame, context, patch, vm)
        cross_names = [f"cross_{kv}.{i}" for i in range(L) for kv in ("key", "value")]
        cross_axes = {n: {0: "batch", 3 if "key" in n else 2: "video_frames"} for n in cross_names}
        torch.onnx.export(VideoEncoderGraph(model), (frame, context, patch, vm), paths["video_encoder"], opset_version=OPSET,
                          input_names=["frame", "context", "patch", "video_mask"], output_names=["prefix"] + cross_names,
                          dynamic_axes={"frame": {0: "batch", 1: "video_frames"}, "context": {0: "batch", 1: "video_frames"},
                                        "patch": {0: "batch", 1: "video_frames"}, "video_mask": {0: "batch"}, "prefix": {0: "batch"},
                                        **cross_axes})
        control = torch.zeros(B, model.dim)
        if model.has_controls:
            names, args, axes = [], [], {}
            for c in TIME_CONTROLS:
                dim = CONTROL_SPEC[c][0]
                for n in (c, c + "_mask"):
                    names.append(n), args.append(torch.rand(B, T, dim)), axes.update({n: {0: "batch", 1: "frames"}})
            for n in ("ensemble", "ensemble_mask"):
                names.append(n), args.append(torch.rand(B, ENSEMBLE_DIM)), axes.update({n: {0: "batch"}})
            axes["control"] = {0: "batch", 1: "frames"}
            torch.onnx.export(ConditionEncoderGraph(model), tuple(args), paths["condition_encoder"], opset_version=OPSET,
                              input_names=names, output_names=["control"], dynamic_axes=axes)
        else:
            del paths["condition_encoder"]
        tokens = torch.randint(0, model.pattern.card + 1, (B, model.pattern.n_q))
        past = [t for _ in range(L) for t in (torch.randn(B, H, dh, P), torch.randn(B, H, P, dh))]
        # the step sees each windowed layer's segment only (window_frames); trace with one that differs
        step_cross = [c[..., :7] if i % 2 == 0 else c[..., :7, :] for i, c in enumerate(cross)]
        step = torch.tensor([P], dtype=torch.long)
        cache_in = [f"past_{kv}.{i}" for i in range(L) for kv in ("key", "value")]
        cache_out = [f"new_{kv}.{i}" for i in range(L) for kv in ("key", "value")]
        # integrate_inputs: the inputs' running sum (B, D) in as `integ`, after the step out as `integ_out`
        integ = ["integ"] if model.integ_taps else []
        names = ["tokens", "prefix", "step"] + (["control"] if model.has_controls else []) + integ + cross_names + cache_in
        args = (tokens, prefix, step, control if model.has_controls else None,
                *([torch.randn(B, model.dim)] if integ else []), *step_cross, *past)
        graph = StepGraph(model)
        if not model.has_controls:
            graph = _WithoutControl(graph, 3)  # tokens, prefix, step, [control]
            args = tuple(a for a in args if a is not None)
        step_cross_axes = {n: {0: "batch", 3 if "key" in n else 2: f"frames_{n.split('.')[1]}"} for n in cross_names}
        axes = {"tokens": {0: "batch"}, "prefix": {0: "batch"}, "control": {0: "batch"}, "logits": {0: "batch"}, **step_cross_axes}
        axes.update({n: {0: "batch", 3 if "key" in n else 2: "past"} for n in cache_in})
        axes.update({n: {0: "batch"} for n in cache_out + integ + [f"{n}_out" for n in integ]})
        torch.onnx.export(graph, args, paths["step"], opset_version=OPSET, input_names=names,
                          output_names=["logits"] + cache_out + [f"{n}_out" for n in integ], dynamic_axes=axes)
        # prefill: S positions (not 1, K or Tv, so no axis is traced to another's size), whole cross
        paths["prefill"] = os.path.join(out_dir, "prefill.onnx")
        S = 9
        pre_tokens = torch.randint(0, model.pattern.card + 1, (B, model.pattern.n_q, S))
        present = [f"present_{kv}.{i}" for i in range(L) for kv in ("key", "value")]
        names = ["tokens", "prefix"] + (["control"] if model.has_controls else []) + cross_names
        graph = PrefillGraph(model)
        args = (pre_tokens, prefix, torch.randn(B, S, model.dim), *cross)
        if not model.has_controls:
            graph, args = _WithoutControl(graph, 2), (pre_tokens, prefix, *cross)  # tokens, prefix, [control]
        axes = {"tokens": {0: "batch", 2: "steps"}, "prefix": {0: "batch"}, "control": {0: "batch", 1: "steps"},
                "logits": {0: "batch"}, **cross_axes}
        axes.update({n: {0: "batch", 3 if "key" in n else 2: "steps"} for n in present})
        axes.update({f"{n}_out": {0: "batch"} for n in integ})
        torch.onnx.export(graph, args, paths["prefill"], opset_version=OPSET, input_names=names,
                          output_names=["logits"] + present + [f"{n}_out" for n in integ], dynamic_axes=axes)
    model.eval()  # export restores each wrapper's (train) mode on its way out, children included
    info = {"layers": L, "heads": H, "head_dim": dh, "dim": model.dim, "windows": model.windows(),
            "music_rate": model.music_rate, "video_rate": model.video_rate,
            "files": {r: os.path.basename(p) for r, p in paths.items()}}
    if quantize:
        paths["step_int8"] = os.path.join(out_dir, "step.int8.onnx")
        info["int8"] = quantize_matmuls(paths["step"], paths["step_int8"], keep_fp32=())
        info["files"]["step_int8"] = "step.int8.onnx"
        paths["prefill_int8"] = os.path.join(out_dir, "prefill.int8.onnx")
        info["int8_prefill"] = quantize_matmuls(paths["prefill"], paths["prefill_int8"], keep_fp32=())
        info["files"]["prefill_int8"] = "prefill.int8.onnx"
    info["bytes"] = {r: os.path.getsize(p) for r, p in paths.items()}
    with open(os.path.join(out_dir, "graphs.json"), "w") as f:
        json.dump(info, f, indent=1)
    return {**info, "paths": paths}


class _WithoutControl(nn.Module):
    """A stage-1 model's graph (step or prefill) without the control input: None goes in at `at`."""

    def __init__(self, graph: nn.Module, at: int):
        super().__init__()
        self.graph, self.at = graph, at
        self.eval()

    def forward(self, *inputs):
        return self.graph(*inputs[:self.at], None, *inputs[self.at:])


def ort_teacher_forced(paths: dict, step_role: str, frame, context, patch, video_mask, tokens_in,
                       controls: dict | None, threads: int = 1, prefill: tuple[str, int] | None = None) -> np.ndarray:
    """Encoders then the step graph token by token with its own cache in onnxruntime-node
    (step_run.mjs), fed the given input tokens (B, K, S) → logits (B, K, S, card). prefill (role,
    S0): that graph runs steps 0..S0-1 at once first, and the logits are of steps S0-1..S-1."""
    with tempfile.TemporaryDirectory() as tmp:
        def put(name, arr):
            arr = np.ascontiguousarray(arr)
            dtype = "int64" if arr.dtype.kind in "iu" else "float32"
            f = os.path.join(tmp, name + ".bin")
            arr.astype(np.int64 if dtype == "int64" else np.float32).tofile(f)
            return {"file": f, "dtype": dtype, "dims": list(arr.shape)}
        video = {"frame": put("frame", frame), "context": put("context", context), "patch": put("patch", patch),
                 "video_mask": put("video_mask", video_mask)}
        cond = {n: put(n, a) for n, a in condition_inputs(controls).items()} if controls is not None else None
        job = {"video_encoder": paths["video_encoder"], "condition_encoder": paths.get("condition_encoder") if cond else None,
               "step": paths[step_role], "video": video, "conditions": cond,
               "frames": int(controls["rhythm"][0].shape[1]) if controls is not None else 0,
               "tokens": put("tokens", tokens_in), "out": os.path.join(tmp, "logits.bin"), "threads": threads,
               "prefill": paths[prefill[0]] if prefill else None, "prefill_steps": prefill[1] if prefill else 0}
        jf = os.path.join(tmp, "job.json")
        with open(jf, "w") as f:
            json.dump(job, f)
        res = subprocess.run(["node", RUNNER, jf], capture_output=True, text=True, cwd=ROOT)
        if res.returncode:
            raise RuntimeError(res.stderr[-2000:])
        info = json.loads(res.stdout.strip().splitlines()[-1])
        B, K, S = tokens_in.shape
        n = S - prefill[1] + 1 if prefill else S
        out = np.fromfile(job["out"], np.float32).reshape(n, B, K, -1).transpose(1, 2, 0, 3)
        return out, info


def main() -> None:
    from .train import load_weights
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True, help="a weights-only checkpoint (run_dir/stage1.pt or stage2.pt)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    model, _ = load_weights(a.checkpoint)
    info = export_music(model, a.out)
    print(json.dumps({k: v for k, v in info.items() if k != "paths"}))


if __name__ == "__main__":
    main()
