"""A guidance batch for the ONNX-against-torch checks (test_pipeline, test_export)."""
import numpy as np
import torch

from training.music.data import collate, synthetic_clip


def guidance_case(model, rng: np.random.Generator, frames: int):
    """Two synthetic clips of `frames` as the guidance batch — row 0 conditioned, row 1 with no
    video and every control freed → (the arguments `ort_teacher_forced` takes after its graph
    role, a function giving the torch full forward's logits now, the delayed sequence)."""
    b = collate([synthetic_clip(rng, frames) for _ in range(2)])
    seq = model.pattern.build(b["codes"])
    vm = torch.tensor([1.0, 0.0])
    ctrl = {n: (torch.stack([v[0], v[1] * 0]), torch.stack([m[0], m[1] * 0])) for n, (v, m) in b["controls"].items()}

    def forward() -> np.ndarray:
        with torch.no_grad():
            return model(seq, b["frame"], b["context"], b["patch"], vm, ctrl).numpy()

    args = (b["frame"].numpy(), b["context"].numpy(), b["patch"].numpy(), vm.numpy(), model.pattern.shift_in(seq).numpy(), ctrl)
    return args, forward, seq
