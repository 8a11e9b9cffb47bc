"""Stage 2's condition side (paper §3.5): the controls at 50 Hz with their masks (the engine's
ControlTrack: values and mask, T × dim, src/engine/controls/types.ts), per-control projections,
DCF (eq. 6-9), and the training-time masking (eq. 11-12) and condition dropout.

A control enters its projection as [normalised value · mask, mask], so "free" (mask 0) differs from
a value of 0. CONTROL_SPEC is the one statement of order, width and input scaling; the pack
manifest will copy it.
"""
from __future__ import annotations

import torch
from torch import nn

# name: (columns, offset, scale, lo, hi): model input = clamp((value + offset) * scale, lo, hi)
CONTROL_SPEC = {
    "rhythm": (1, 0.0, 0.5, 0.0, 1.5),        # beat 1, downbeat 2 (docs/controls.md) → 0.5, 1
    "intensity": (1, 20.0, 0.05, -4.0, 2.0),  # dBFS; −20 (INTENSITY_REFERENCE_DB) → 0, ±20 dB → ±1
    "melody": (12, 0.0, 1.0, 0.0, 1.0),       # pitch-class one-hot
    "emotion": (2, 0.0, 1.0, -1.0, 1.0),      # valence, arousal
    "harmony": (24, 0.0, 1.0, 0.0, 1.0),      # chord tones + root one-hot (controls/harmony.ts)
}
TIME_CONTROLS = tuple(CONTROL_SPEC)
ENSEMBLE_DIM = 16  # GM instrument families (program // 8), multi-hot; one row per clip


def normalise(name: str, values: torch.Tensor) -> torch.Tensor:
    _, off, scale, lo, hi = CONTROL_SPEC[name]
    return ((values + off) * scale).clamp(lo, hi)


def widths(dim: int, n: int) -> list[int]:
    """Per-control projection widths D/N (paper: N = 4) that sum exactly to D."""
    return [dim // n + (1 if i < dim % n else 0) for i in range(n)]


class DCF(nn.Module):
    """Dynamic Conditional Fusion. C_in (B, T, D) in patches of P frames; α = F_intra + F_inter
    (eq. 7) with F_intra = σ(BN(Conv1D over the patch means)) (eq. 8) and F_inter = σ(Conv1D of
    the mean over all patches) (eq. 9); C_out = α ⊙ C_in (eq. 6), α constant within a patch.
    T must be a multiple of P (callers pad with mask-0 frames: `pad_frames`)."""

    def __init__(self, dim: int, patch: int = 50, kernel: int = 3):
        super().__init__()
        self.patch = patch
        self.intra = nn.Conv1d(dim, dim, kernel, padding=kernel // 2)
        self.bn = nn.BatchNorm1d(dim)
        self.inter = nn.Conv1d(dim, dim, 1)

    def forward(self, c: torch.Tensor) -> torch.Tensor:
        B, T, D = c.shape
        cp = c.reshape(B, -1, self.patch, D)                     # C'_in (B, N, P, D)
        x_intra = cp.mean(2).transpose(1, 2)                     # (B, D, N)
        x_inter = x_intra.mean(2, keepdim=True)                  # (B, D, 1)
        alpha = torch.sigmoid(self.bn(self.intra(x_intra))) + torch.sigmoid(self.inter(x_inter))
        return (cp * alpha.transpose(1, 2)[:, :, None, :]).reshape(B, T, D)


def pad_frames(t: torch.Tensor, multiple: int) -> torch.Tensor:
    """(B, T, ...) → zero rows appended up to a multiple of `multiple` frames."""
    pad = (-t.shape[1]) % multiple
    if not pad:
        return t
    return torch.cat([t, t.new_zeros((t.shape[0], pad) + tuple(t.shape[2:]))], 1)


class ConditionEncoder(nn.Module):
    """controls → (B, T, D): per-control projections (ensemble broadcast over time), concatenated, DCF."""

    def __init__(self, dim: int, patch: int = 50):
        super().__init__()
        w = widths(dim, len(TIME_CONTROLS) + 1)
        self.proj = nn.ModuleDict({n: nn.Linear(2 * CONTROL_SPEC[n][0], w[i]) for i, n in enumerate(TIME_CONTROLS)})
        self.ensemble = nn.Linear(2 * ENSEMBLE_DIM, w[-1])
        self.dcf = DCF(dim, patch)
        self.patch = patch

    def forward(self, controls: dict) -> torch.Tensor:
        """controls: {name: (values (B, T, dim), mask (B, T, dim))} for TIME_CONTROLS, and
        "ensemble": (values (B, 16), mask (B, 16)). T a multiple of the DCF patch."""
        parts = []
        for n in TIME_CONTROLS:
            v, m = controls[n]
            parts.append(self.proj[n](torch.cat([normalise(n, v) * m, m], -1)))
        v, m = controls["ensemble"]
        e = self.ensemble(torch.cat([v * m, m], -1))
        parts.append(e[:, None, :].expand(-1, parts[0].shape[1], -1))
        return self.dcf(torch.cat(parts, -1))


def mask_controls(controls: dict, gen: torch.Generator, p_drop: float, p_span_out: float, p_span_in: float,
                  p_all: float, p_solo: float = 0.0) -> tuple[dict, torch.Tensor]:
    """Training-time masking (eq. 11-12) of a batch, returning new tensors:
    - with p_all every control of the row is dropped (condition dropout for guidance);
    - else, with p_solo, the row keeps one control chosen at random (a person who draws one lane:
      with p_drop alone a row keeping only emotion is ~0.2 % of rows, and where harmony and melody
      are given the valence lane says nothing new, so a model can learn to ignore it);
    - else each control is dropped with p_drop (the subset I'); a kept time control takes a
      random span [a, b]: with p_span_out the span is freed (c^np), with p_span_in only the span
      is kept (c^nq), else the control is whole. Freed frames: mask 0 and value 0.
    p_solo 0 draws no random numbers for it, so older schedules mask exactly as before."""
    out = {}
    B = controls["rhythm"][0].shape[0]
    T = controls["rhythm"][0].shape[1]
    every = torch.rand(B, generator=gen) < p_all
    names = TIME_CONTROLS + ("ensemble",)
    solo = which = None
    if p_solo > 0:
        solo = ~every & (torch.rand(B, generator=gen) < p_solo)
        which = torch.randint(0, len(names), (B,), generator=gen)
    t = torch.arange(T)
    for k, n in enumerate(names):
        v, m = controls[n]
        keep = ~every & (torch.rand(B, generator=gen) >= p_drop)
        if solo is not None:
            keep = torch.where(solo, which == k, keep)
        keep = keep.to(m.dtype)
        keep = keep.reshape((B,) + (1,) * (m.dim() - 1))
        if n != "ensemble":
            a, b = torch.randint(0, T, (2, B), generator=gen).sort(0).values
            inside = ((t[None] >= a[:, None]) & (t[None] <= b[:, None])).to(m.dtype)
            u = torch.rand(B, generator=gen)[:, None]
            span = torch.where(u < p_span_out, 1 - inside, torch.where(u < p_span_out + p_span_in, inside, torch.ones_like(inside)))
            keep = keep * span[:, :, None]
        m2 = m * keep
        out[n] = (v * m2, m2)
    return out, every
