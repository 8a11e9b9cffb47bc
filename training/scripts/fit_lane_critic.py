"""Fit a lane critic for a codec: linear read-outs of the lanes from the latent the codec's decoder
will draw, folded into per-code tables that the engine adds to the music model's scores while it
samples (docs/music-model.md "Lane critic", src/engine/generate/critic.ts).

Why (training/reports/model.md, session 17): every model trained so far writes tokens that follow
the lanes less than the codec itself allows — the lanes are worth ~0.02 nats of NLL, so training
barely asks for them, and once the model's own past has drifted (a level 9 dB off, a wrong note)
nothing in teacher-forced training taught it to steer back. The decoder's input is a linear
function of the codes (ẑ[t] = Σ_j leak^j Σ_k table_k[c_k, t−j]; leak 0 for a plain RVQ), so a
linear read-out W·ẑ + b of the level, the melody's pitch class and the chord is a sum of per-code
terms P_k[c] = W·table_k[c]: the engine keeps the read-out of what is written as a few numbers per
frame and scores every candidate code by how likely the lanes are under it, log p(lanes | ẑ) —
classifier guidance with a probe whose gradient is exact because it is linear.

What is fitted (valid split reported; training clips sub-sampled):
- level: ridge from ẑ to the intensity lane (dBFS); its residual RMSE is the Gaussian's σ. Or, with
  `--level-bins HZ` (a codec whose decoder has a linear path from ẑ to log magnitudes, codec-v3's
  spectral family): no fit but that path itself — the log magnitudes of the first STFT frame of each
  token, bins up to HZ — and the level their power summed, (10 / ln 10)·ln Σ_b e^{2ℓ_b}, offset by
  its mean gap to the intensity lane on training clips. A mean (linear) read-out misses the power a
  spread of log magnitudes adds: on music-v5c's takes through codec-v3l it was 13 dB under what the
  engine heard (SD 5 dB over takes), the summed power 1 dB (SD 1; training/reports/model.md "Session 18");
- melody: multinomial logistic regression, 12 pitch classes, on frames whose melody lane is set;
- harmony: the root (12-way softmax) and the chord tones (12 independent logistics), on frames
  whose harmony lane is set (controls/harmony.ts: 12 tone columns, then 12 root columns);
- onset: a logistic from the latent's change from the frame before (ẑ[t] − ẑ[t−1]: the codec's
  kernel differenced) to the rhythm lane's beats against its off-beat frames — frames next to a beat
  are left out, as the engine leaves them (session 19: valid AUC 0.90 on codec-v2, 0.88 on codec-v3l).

Output: <out>/critic.bin (float32, K × size × 38 then the 38 biases, little-endian) and
<out>/critic.json (the layout, leak, taps, σ and the held-out scores) — `ship_music_pack
--critic DIR` copies both into a pack and records them in its manifest.

usage: PYTHONPATH=. /usr/bin/python3 -m training.scripts.fit_lane_critic --codec training/checkpoints/codec-v2-mag.pt
       --tokens codec-v2 [--controls codec-v3l] [--clips 1500] --out training/runs/critic-codec-v2
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch

from training.codec.builders import load_codec
from training.codec.quantizer import PredictiveRVQ
from training.music.tokens import CONTROL_COLUMNS

OUT_DIMS = {"level": 1, "melody": 12, "root": 12, "tones": 12, "onset": 1}  # order of the 38 read-out columns (level: 1, or --level-bins' B)


def codec_parts(path: str) -> tuple[torch.Tensor, float, int]:
    """(K, size, D) code tables as the decoder reads them, the leak and the number of taps."""
    model, _ = load_codec(path, "best")
    tables = model.code_tables().detach().float()
    q = model.quantizer
    if isinstance(q, PredictiveRVQ):
        return tables, float(q.leak), int(q.taps)
    return tables, 0.0, 1


def kernel_of(leak: float, taps: int, smooth: float = 0.0, n: int = 64) -> torch.Tensor:
    """The weights h[j] of Σ_j h[j] q[t−j] (q the codes' summed vectors) that a read-out sees: the
    codec's own integration (leak^j over `taps`; a plain RVQ: h = [1]), then, when `smooth` > 0, a
    further smoothing Σ_i smooth^i ẑ[t−i] — the two filters convolved, truncated to n taps."""
    codec = leak ** torch.arange(taps, dtype=torch.float64) if leak > 0 else torch.ones(1, dtype=torch.float64)
    if smooth <= 0:
        return codec.float()
    sm = smooth ** torch.arange(n, dtype=torch.float64)
    h = torch.zeros(n, dtype=torch.float64)
    for i in range(len(codec)):
        h[i:] += codec[i] * sm[:n - i]
    return h.float()


def codes_sum(codes: np.ndarray, tables: torch.Tensor) -> torch.Tensor:
    """(K, T) codes of one clip → (T, D): Σ_k table_k[c_k, t]."""
    c = torch.from_numpy(codes.astype(np.int64))
    return sum(tables[k][c[k]] for k in range(c.shape[0]))


def filtered(q: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """(T, D) → Σ_j h[j] q[t−j], from the clip's start."""
    z = h[0] * q
    for j in range(1, len(h)):
        z[j:] += h[j] * q[:-j]
    return z


def load_split(cache: str, tokens: str, controls: str, split: str, tables, kernels: dict, clips: int | None, seed: int):
    """Per read-out group, the filtered latents; and the control rows (values, masks) of a split's
    clips, matched by id."""
    tok_index = {}
    with open(os.path.join(cache, "tokens", tokens, f"{split}.jsonl")) as f:
        for line in f:
            d = json.loads(line)
            tok_index[d["id"]] = d
    codes = np.load(os.path.join(cache, "tokens", tokens, f"{split}.npy"), mmap_mode="r")
    folder = os.path.join(cache, "music", controls, split)
    with open(os.path.join(folder, "index.jsonl")) as f:
        index = [json.loads(line) for line in f]
    values = np.load(os.path.join(folder, "controls.npy"), mmap_mode="r")
    masks = np.load(os.path.join(folder, "controls_mask.npy"), mmap_mode="r")
    if clips and len(index) > clips:
        rng = np.random.default_rng(seed)
        index = [index[i] for i in sorted(rng.choice(len(index), clips, replace=False))]
    zs, vs, ms = {g: [] for g in kernels}, [], []
    for c in index:
        t = tok_index.get(c["id"])
        if t is None:
            continue
        n = min(c["frames"], t["frames"])
        q = codes_sum(np.asarray(codes[:, t["offset"]:t["offset"] + n]), tables)
        for g, h in kernels.items():
            zs[g].append(filtered(q, h))
        vs.append(torch.from_numpy(np.asarray(values[c["offset"]:c["offset"] + n], np.float32)))
        ms.append(torch.from_numpy(np.asarray(masks[c["offset"]:c["offset"] + n], np.float32)))
    return {g: torch.cat(z) for g, z in zs.items()}, torch.cat(vs), torch.cat(ms)


def cols(name: str) -> slice:
    lo, hi = CONTROL_COLUMNS[name]
    return slice(lo, hi)


def fit_logistic(x: torch.Tensor, y: torch.Tensor, kind: str, iters: int = 300, wd: float = 1e-4) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, D) standardised features → (out, D) weights and (out,) biases. kind 'softmax': y (N,)
    class indices; 'sigmoid': y (N, out) in {0, 1}."""
    out = 12 if kind == "softmax" else y.shape[1]
    w = torch.zeros(out, x.shape[1], requires_grad=True)
    b = torch.zeros(out, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1.0, max_iter=iters, history_size=20, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        logits = x @ w.t() + b
        if kind == "softmax":
            loss = torch.nn.functional.cross_entropy(logits, y)
        else:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
        loss = loss + wd * w.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach(), b.detach()


def spectral_level_path(codec: str, max_hz: float):
    """The decoder's linear path from ẑ to the log magnitudes of each token's first STFT frame, bins
    up to max_hz: (D, B) map, (B,) offsets with each bin's share of a frame's mean square folded in
    (one-sided bins counted twice, Parseval over the synthesis window), so that
    (10 / ln 10)·ln Σ_b exp(2·(ẑ·map + offset)_b) is the frame's level in dBFS before calibration."""
    import math
    model, _ = load_codec(codec, "best")
    dec = model.decoder
    if not getattr(dec, "skip", False):
        raise SystemExit(f"--level-bins: {codec}'s decoder has no linear path from the latent to log magnitudes")
    n_fft = dec.istft.n_fft
    bins = min(dec.bins, int(max_hz * n_fft / 32000) + 1)
    proj = dec.skip_proj[:, :bins].detach().double()
    win = torch.hann_window(n_fft, periodic=True, dtype=torch.float64)
    norm = float((win ** 2).sum()) * n_fft
    share = torch.full((bins,), 2.0, dtype=torch.float64)
    share[0] = 1.0
    offset = dec.skip_mean[:bins].detach().double() + 0.5 * torch.log(share / norm)
    return proj, offset


def lse_db(logmag: torch.Tensor) -> torch.Tensor:
    """(N, B) natural-log magnitudes → (N,) dB of their summed power."""
    return (10 / np.log(10)) * torch.logsumexp(2 * logmag, dim=1)


def install(src: str, pack: str, scored: int | None = None) -> None:
    """Put <src>/critic.bin into codec pack <pack>: a `critic` file entry (size, sha256) and the
    manifest's `critic` spec (docs/pack-format.md "Lane critic"). The critic must be fitted on that
    codec's tokens (the tables are its code vectors)."""
    import hashlib
    import shutil
    with open(os.path.join(src, "critic.json")) as f:
        meta = json.load(f)
    mpath = os.path.join(pack, "manifest.json")
    with open(mpath) as f:
        m = json.load(f)
    if (m["codebooks"], m["codebook_size"]) != (meta["codebooks"], meta["codebook_size"]):
        raise SystemExit(f"{pack}: {m['codebooks']} × {m['codebook_size']} codes, the critic has {meta['codebooks']} × {meta['codebook_size']}")
    shutil.copyfile(os.path.join(src, "critic.bin"), os.path.join(pack, "critic.bin"))
    data = open(os.path.join(pack, "critic.bin"), "rb").read()
    m["files"]["critic"] = {"file": "critic.bin", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    m["critic"] = {"file": "critic", "width": meta["width"], "kernels": meta["kernels"],
                   "level_sigma_db": round(meta["level_sigma_db"], 4), **({"codebooks": scored} if scored else {}),
                   **({"level_bins": meta["level_bins"]} if meta.get("level_bins") else {}),
                   "outputs": meta["outputs"],
                   "heldout": meta["heldout"], "fitted_on": meta["fitted_on"]}
    with open(mpath, "w") as f:
        json.dump(m, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{pack}: critic.bin installed ({len(data) / 1e6:.2f} MB)")


GROUPS = {"level": ("level",), "melody": ("melody",), "harmony": ("root", "tones"), "rhythm": ("onset",)}  # read-out groups → OUT_DIMS columns


def differenced(h: torch.Tensor) -> torch.Tensor:
    """A kernel that reads ẑ[t] − ẑ[t−1] where h reads ẑ[t]: h with a zero appended, minus h delayed one frame."""
    return torch.cat([h, h.new_zeros(1)]) - torch.cat([h.new_zeros(1), h])


def standardise(ztr: torch.Tensor, zva: torch.Tensor):
    mu, sd = ztr.mean(0), ztr.std(0).clamp_min(1e-6)
    return (ztr - mu) / sd, (zva - mu) / sd, mu, sd


def take_levels(path: str, tables: torch.Tensor, h: torch.Tensor):
    """A model's takes (critic-readout.ts --dump) → (ẑ filtered for the level, level heard) of four
    takes in five, and the same of the fifth, held back to score the fit."""
    with open(path) as f:
        d = json.load(f)
    fit, held = ([], []), ([], [])
    for i, t in enumerate(d["takes"]):
        codes = np.asarray(t["codes"], np.int64).reshape(d["codebooks"], t["frames"])
        z = filtered(codes_sum(codes, tables), h)
        dst = held if i % 5 == 4 else fit
        dst[0].append(z); dst[1].append(torch.tensor(t["heard"], dtype=torch.float32))
    return torch.cat(fit[0]), torch.cat(fit[1]), (torch.cat(held[0]), torch.cat(held[1]))


BEAT_THRESHOLD = 0.9  # the engine's (controls/rhythm-kernel.ts BEAT_THRESHOLD): a rhythm frame at least this is a beat


def beat_classes(v: torch.Tensor, m: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """From the rhythm lane (docs/controls.md "Rhythm": a beat frame reads ≥ 1, a downbeat's kernel
    tails 0.14 and 0.61): frames that are beats, and frames that are off the beat — the lane set, no
    kernel tail, no beat on either side. Frames next to a beat are neither (a beat's onset may fall a
    frame early or late; the engine's beat F1 allows ±70 ms)."""
    r, set_ = v[:, cols("rhythm")][:, 0], m[:, cols("rhythm")][:, 0] > 0
    beat = r >= BEAT_THRESHOLD
    near = r >= 0.1
    near[1:] |= beat[:-1]
    near[:-1] |= beat[1:]
    return set_ & beat, set_ & ~near


def fold(W: list, B: list, stats: list, tables: torch.Tensor, level_path=None) -> tuple[torch.Tensor, torch.Tensor]:
    """Read-outs on standardised latents → per-code tables and biases. W·((z − μ)/σ) + b =
    (W/σ)·z + (b − W·μ/σ) with z = Σ_j h[j] q[t−j] and q = Σ_k table_k[c_k], so code c of codebook
    k adds P_k[c] = (W/σ)·table_k[c] wherever its frame is seen, weighed by h[j] (the engine's sum)."""
    Wz = torch.cat([w / sd[None] for w, (mu, sd) in zip(W, stats)])        # (38, D)
    bias = torch.cat([b - w @ (mu / sd) for w, b, (mu, sd) in zip(W, B, stats)])
    if level_path is not None:
        # the level's one column replaced by the spectral path's B (already in ẑ's own units)
        proj, offset = level_path
        Wz = torch.cat([proj.t().float(), Wz[1:]])
        bias = torch.cat([offset.float(), bias[1:]])
    return torch.einsum("ksd,od->kso", tables, Wz).contiguous(), bias   # (K, size, width), (width,)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--codec", help="codec run folder or checkpoint (the tokens' codec)")
    ap.add_argument("--tokens", help="token set name under <cache>/tokens/")
    ap.add_argument("--controls", default=None, help="music set under <cache>/music/ whose controls to read (default: --tokens)")
    ap.add_argument("--cache", default="training/.cache")
    ap.add_argument("--smooth", default="", metavar="level=0.9,harmony=0.8",
                    help="per read-out group, a further smoothing Σ_i s^i ẑ[t−i] of the latent it reads (the level lane is "
                         "smoothed over 1 s, a note is not); groups level, melody, harmony; default none")
    ap.add_argument("--takes", default=None, metavar="JSON",
                    help="a model's takes (scripts/eval/critic-readout.ts --dump): the level read-out is fitted on them too, "
                         "against the level the engine hears from their decoded audio, so it reads a model's latents as the decoder plays them")
    ap.add_argument("--takes-weight", type=float, default=1.0, help="weight of a take's frame against a clip's in the level fit")
    ap.add_argument("--taps", type=int, default=64, help="taps of a smoothed group's kernel")
    ap.add_argument("--level-bins", type=float, default=None, metavar="HZ",
                    help="the level as the summed power of the decoder's linear log-magnitude path, bins up to HZ "
                         "(codec-v3's spectral family), instead of a ridge read-out; --smooth level is then not allowed")
    ap.add_argument("--clips", type=int, default=1500, help="training clips sub-sampled for the fit")
    ap.add_argument("--out", default=None, help="folder for critic.bin and critic.json")
    ap.add_argument("--install", default=None, metavar="CODEC_PACK",
                    help="copy an existing --out folder's critic into a codec pack (files + manifest 'critic'), no fitting")
    ap.add_argument("--codebooks", type=int, default=None,
                    help="with --install: the critic scores the first this many codebooks (default all)")
    a = ap.parse_args()
    if a.install:
        install(a.out, a.install, a.codebooks)
        return
    t0 = time.time()
    tables, leak, taps = codec_parts(a.codec)
    K, size, D = tables.shape
    smooth = {k: float(v) for k, v in (kv.split("=") for kv in a.smooth.split(",") if kv)}
    if set(smooth) - set(GROUPS):
        raise SystemExit(f"--smooth: groups are {', '.join(GROUPS)}")
    if a.level_bins and smooth.get("level"):
        raise SystemExit("--level-bins reads each frame's own spectrum: no --smooth level")
    if smooth.get("rhythm"):
        raise SystemExit("--smooth: the rhythm read-out reads a frame's change, unsmoothed")
    kernels = {g: kernel_of(leak, taps, smooth.get(g, 0.0), a.taps) for g in GROUPS if g != "rhythm"}
    kernels["rhythm"] = differenced(kernel_of(leak, taps))
    ctl = a.controls or a.tokens
    ztr, vtr, mtr = load_split(a.cache, a.tokens, ctl, "train", tables, kernels, a.clips, 0)
    zva, vva, mva = load_split(a.cache, a.tokens, ctl, "valid", tables, kernels, None, 0)
    print(f"latents: train {len(vtr)} frames, valid {len(vva)} ({time.time() - t0:.0f} s); codec leak {leak}, taps {taps}, D {D}; "
          f"kernels {', '.join(f'{g} {len(h)} taps' for g, h in kernels.items())}")

    report, W, B, stats = {}, [], [], []
    # level: ridge on frames whose intensity lane is set
    xtr, xva, mu, sd = standardise(ztr["level"], zva["level"])
    sel = mtr[:, cols("intensity")][:, 0] > 0
    y = vtr[sel, cols("intensity")][:, 0]
    X = torch.cat([xtr[sel], torch.ones(int(sel.sum()), 1)], 1).double()
    wts = torch.ones(len(y), dtype=torch.float64)
    if a.takes:
        zt, yt, held = take_levels(a.takes, tables, kernels["level"])
        xt = torch.cat([(zt - mu) / sd, torch.ones(len(zt), 1)], 1).double()
        X, y = torch.cat([X, xt]), torch.cat([y, yt])
        wts = torch.cat([wts, torch.full((len(yt),), a.takes_weight, dtype=torch.float64)])
        report["takes"] = {"file": os.path.basename(a.takes), "frames": len(yt), "weight": a.takes_weight}
    Xw = X * wts[:, None]
    beta = torch.linalg.solve(Xw.t() @ X + 1e-2 * torch.eye(X.shape[1], dtype=torch.float64), Xw.t() @ y.double()).float()
    w_l, b_l = beta[:-1][None], beta[-1:]
    sv = mva[:, cols("intensity")][:, 0] > 0
    pred, yv = xva[sv] @ w_l[0] + b_l, vva[sv, cols("intensity")][:, 0]
    rmse = float((pred - yv).pow(2).mean().sqrt())
    r2 = 1 - float((pred - yv).pow(2).mean() / yv.var())
    pcc = float(torch.corrcoef(torch.stack([pred, yv]))[0, 1])
    report["level"] = {"rmse_db": rmse, "r2": r2, "pcc": pcc, "frames": int(sv.sum())}
    if a.takes:
        # the fitted read-out on the held-back takes (every fifth), against what the engine heard
        p_ = ((held[0] - mu) / sd) @ w_l[0] + b_l
        report["takes"]["heldout_offset_db"] = float((p_ - held[1]).mean())
        report["takes"]["heldout_rmse_db"] = float((p_ - held[1]).pow(2).mean().sqrt())
    W.append(w_l); B.append(b_l); stats.append((mu, sd))
    level_path = None
    if a.level_bins:
        proj, offset = spectral_level_path(a.codec, a.level_bins)
        sel = mtr[:, cols("intensity")][:, 0] > 0
        gap = vtr[sel, cols("intensity")][:, 0].double() - lse_db(ztr["level"][sel].double() @ proj + offset)
        calib = float(gap.mean())
        offset = offset + calib * np.log(10) / 20   # + calib dB on the summed power
        sv = mva[:, cols("intensity")][:, 0] > 0
        pred, yv = lse_db(zva["level"][sv].double() @ proj + offset).float(), vva[sv, cols("intensity")][:, 0]
        rmse = float((pred - yv).pow(2).mean().sqrt())
        report["level"] = {"kind": "spectral", "bins": int(proj.shape[1]), "max_hz": a.level_bins, "calibration_db": calib,
                           "rmse_db": rmse, "pcc": float(torch.corrcoef(torch.stack([pred, yv]))[0, 1]), "frames": int(sv.sum()),
                           "linear_read_out_rmse_db": report["level"]["rmse_db"]}
        level_path = (proj, offset)

    # melody pitch class
    xtr, xva, mu, sd = standardise(ztr["melody"], zva["melody"])
    sel = mtr[:, cols("melody")].sum(1) > 0
    w_m, b_m = fit_logistic(xtr[sel], vtr[sel, cols("melody")].argmax(1), "softmax")
    sv = mva[:, cols("melody")].sum(1) > 0
    yv = vva[sv, cols("melody")].argmax(1)
    acc = float(((xva[sv] @ w_m.t() + b_m).argmax(1) == yv).float().mean())
    base = float((yv == torch.bincount(vtr[sel, cols("melody")].argmax(1), minlength=12).argmax()).float().mean())
    report["melody"] = {"accuracy": acc, "majority": base, "frames": int(sv.sum())}
    W.append(w_m); B.append(b_m); stats.append((mu, sd))

    # harmony: root (columns 12-23) and tones (0-11)
    xtr, xva, mu, sd = standardise(ztr["harmony"], zva["harmony"])
    h = cols("harmony")
    sel = mtr[:, h].sum(1) > 0
    tones, roots = vtr[sel, h][:, :12], vtr[sel, h][:, 12:]
    w_r, b_r = fit_logistic(xtr[sel], roots.argmax(1), "softmax")
    w_t, b_t = fit_logistic(xtr[sel], (tones > 0.5).float(), "sigmoid")
    sv = mva[:, h].sum(1) > 0
    tv, rv = vva[sv, h][:, :12], vva[sv, h][:, 12:]
    racc = float(((xva[sv] @ w_r.t() + b_r).argmax(1) == rv.argmax(1)).float().mean())
    tpred = (xva[sv] @ w_t.t() + b_t) > 0
    tt = tv > 0.5
    f1 = float(2 * (tpred & tt).sum() / (tpred.sum() + tt.sum()).clamp_min(1))
    report["harmony"] = {"root_accuracy": racc, "tones_f1": f1, "frames": int(sv.sum())}
    W += [w_r, w_t]; B += [b_r, b_t]; stats += [(mu, sd), (mu, sd)]

    # onset: the latent's change from the frame before, a logistic of the rhythm lane's beats against
    # its off-beat frames; the critic asks for an onset on each beat and for none between them
    xtr, xva, mu, sd = standardise(ztr["rhythm"], zva["rhythm"])
    beat, off = beat_classes(vtr, mtr)
    w_o, b_o = fit_logistic(torch.cat([xtr[beat], xtr[off]]), torch.cat([torch.ones(int(beat.sum()), 1), torch.zeros(int(off.sum()), 1)]), "sigmoid")
    beat, off = beat_classes(vva, mva)
    sb, so = xva[beat] @ w_o[0] + b_o, xva[off] @ w_o[0] + b_o
    g = torch.Generator().manual_seed(0)
    pa, na = sb[torch.randperm(len(sb), generator=g)[:4000]], so[torch.randperm(len(so), generator=g)[:4000]]
    report["rhythm"] = {"auc": float((pa[:, None] > na[None]).float().mean()), "beats": int(beat.sum()), "off_beat": int(off.sum()),
                        "beat_p": float(torch.sigmoid(sb).mean()), "off_beat_p": float(torch.sigmoid(so).mean())}
    W.append(w_o); B.append(b_o); stats.append((mu, sd))

    per_code, bias = fold(W, B, stats, tables, level_path)
    os.makedirs(a.out, exist_ok=True)
    blob = np.concatenate([per_code.numpy().astype("<f4").ravel(), bias.numpy().astype("<f4")])
    blob.tofile(os.path.join(a.out, "critic.bin"))
    meta = {"format": "undertone-lane-critic", "version": 2, "codec": os.path.basename(a.tokens),
            "codebooks": K, "codebook_size": size, "width": int(per_code.shape[2]),
            "outputs": {**OUT_DIMS, "level": int(level_path[0].shape[1]) if level_path else 1},
            **({"level_bins": int(level_path[0].shape[1])} if level_path else {}),
            "kernels": {g: [round(float(x), 6) for x in kernels[g]] for g in GROUPS}, "smooth": smooth,
            "level_sigma_db": rmse,
            "layout": "float32 little-endian: K × size × width per-code read-outs, then width biases",
            "heldout": report, "fitted_on": {"train_frames": len(vtr), "valid_frames": len(vva)}}
    with open(os.path.join(a.out, "critic.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(report, indent=1))
    print(f"{a.out}: critic.bin {blob.nbytes / 1e6:.2f} MB ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
