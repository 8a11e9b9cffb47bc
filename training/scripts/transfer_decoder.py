"""Start a refitted spectral codec's decoder from a trained one: the old decoder's network, read
through the linear map that takes the new latents to the old ones.

Why (training/reports/codec.md "Session 25"): a spectral codec's encoder is fitted (principal
directions of weighted log-magnitude frames, training/scripts/fit_spectral_codec.py), so a refit —
other weights, another band — gives new latents and, with the head zeroed, a decoder that starts
over from the linear path (codec-v3's took 14 500 steps, about an hour alone on two cores). Both
encoders are linear in the same log-magnitude frames x:

    z_old = P_old (w_old ∘ x − m_old),   z_new = P_new (w_new ∘ x − m_new)
    w_new ∘ x ≈ P_newᵀ z_new + m_new    (the new subspace keeps 98 % of the variance)
    ⇒ z_old ≈ A z_new + c,  A = P_old diag(w_old / w_new) P_newᵀ,  c = P_old (w_old / w_new ∘ m_new − m_old)

The decoder reads its integrated latents through one Conv1d (`inp`), so folding A and c into that
conv's taps and bias gives a network that sees (its share of) the old latents from the new ones.
Everything else of the old decoder is kept but the linear path (`skip_proj`, `skip_mean`), which
stays the new fit's: it is the least-squares map from the new codes, the part that carries what the
new latents hold and the old did not (the bass, for codec-v4). The new encoder and quantiser are the
new fit's, so the tokens are the new ones.

usage: PYTHONPATH=. /usr/bin/python3 -m training.scripts.transfer_decoder --old training/checkpoints/codec-v3-spectral.pt
       --new training/runs/codec-v4/init.pt --out training/runs/codec-v4/transfer.pt
then:  training.codec.train --config <the new config> --init-from training/runs/codec-v4/transfer.pt
"""
from __future__ import annotations

import argparse

import torch

from training.codec.builders import load_codec
from training.codec.model import SpectralEncoder


def latent_map(old, new) -> tuple[torch.Tensor, torch.Tensor]:
    """(A, c) with z_old ≈ A z_new + c for the same audio (the module docstring)."""
    eo, en = old.encoder, new.encoder
    if not (isinstance(eo, SpectralEncoder) and isinstance(en, SpectralEncoder)):
        raise SystemExit("transfer_decoder: both codecs need the fitted spectral encoder (model.encoder.kind \"spectral\")")
    if eo.sub != en.sub or eo.stft.bins != en.stft.bins:
        raise SystemExit("transfer_decoder: the two encoders frame the audio differently")
    ratio = (eo.weight / en.weight).double().repeat(eo.sub)  # per feature: w_old / w_new
    p_old, p_new = eo.proj.double(), en.proj.double()
    a = (p_old * ratio[None]) @ p_new.t()
    c = p_old @ (ratio * en.mean.double() - eo.mean.double())
    return a.float(), c.float()


@torch.no_grad()
def transfer(old, new) -> dict:
    a, c = latent_map(old, new)
    sd = {k: v.clone() for k, v in new.state_dict().items()}
    for k, v in old.decoder.state_dict().items():
        if k in ("skip_proj", "skip_mean"):
            continue  # the new fit's linear path
        sd["decoder." + k] = v.clone()
    w = old.decoder.inp.weight  # (dim, D, taps)
    sd["decoder.inp.weight"] = torch.einsum("odt,dn->ont", w, a)
    sd["decoder.inp.bias"] = old.decoder.inp.bias + torch.einsum("odt,d->o", w, c)
    return sd


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True, help="trained codec checkpoint whose decoder to start from")
    ap.add_argument("--new", required=True, help="the refit (fit_spectral_codec's init.pt)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    old, _ = load_codec(a.old)
    new, cfg = load_codec(a.new)
    a_map, _ = latent_map(old, new)
    # how much of the old latent space the new one spans: the share of A's energy, per old direction
    print(f"latent map: ‖A‖² / D = {float(a_map.pow(2).sum() / a_map.shape[0]):.3f} (1: the new latents span the old)")
    torch.save({"model": transfer(old, new), "step": 0, "config": cfg}, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
