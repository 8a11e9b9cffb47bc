"""A trained music model → a pack the studio can offer (`public/models/music-v3/`, the one it offers
`SHIPPED_MUSIC_PACK` in src/engine/pack/offer.ts), with its model card.

    python3 -m training.scripts.ship_music_pack --checkpoint training/checkpoints/music-tokens.pt \
        [--run training/runs/music-tokens] [--out public/models/music-v3] [--guidance G] [--harmony-guidance W] [--critic S [--critic-lanes L,M,H]] [--eval]

1. exports the stage-2 checkpoint with `training.music.pack.write_pack` (graphs, int8 step, manifest,
   every file's sha256) and marks the manifest `"trained": true` with what trained it (`training`:
   config, stage, step, valid NLL and the clips it was measured on) — the studio offers no pack
   without that mark (src/engine/pack/offer.ts);
2. draws the loss curves from the run's log.jsonl (`loss.png`, when the log is on this machine);
3. with `--eval`, runs `npm run eval -- --quick --pack <out>` (the engine hears the takes back:
   issue 14's metrics) and puts its table in the card;
4. writes the model card `README.md`: what the model is, the data (hours per source, packages,
   versions and licences from the clip build's tracks.jsonl), the configs, the curves, the metrics,
   and the limits (the synthetic video pairing, docs/music-model.md);
5. refuses a pack over 60 MB (issue 11) or a stage-1 checkpoint (no controls: it could not follow a
   lane).

Ship it only when it is better than the pack it replaces (git keeps every version); the README of the
pack says what "better" was measured with.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
from collections import defaultdict

from training.export.ort import ROOT
from training.music.pack import DEFAULT_SAMPLING, write_pack

MAX_BYTES = 60_000_000
UNIGRAM_NLL = {"codec-v2": 7.34}  # a token set's valid split under its train split's token frequencies (docs/music-model.md)


def unigram_nll(cache: str, codec: str) -> float | None:
    """The valid split's NLL per token under the train split's token frequencies (add-one smoothed),
    the level a model that ignores context would reach: from the token set when it is here, else
    the value measured for that codec before (None for a codec never measured)."""
    import numpy as np
    train, valid = (os.path.join(cache, "tokens", codec, f"{s}.npy") for s in ("train", "valid"))
    if not (os.path.exists(train) and os.path.exists(valid)):
        return UNIGRAM_NLL.get(codec)
    tr, va = np.load(train, mmap_mode="r"), np.load(valid, mmap_mode="r")
    nll = []
    for k in range(tr.shape[0]):
        counts = np.bincount(np.asarray(tr[k], np.int64), minlength=2048)[:2048] + 1.0
        nll.append(float(-np.log(counts / counts.sum())[np.asarray(va[k], np.int64)].mean()))
    return round(float(np.mean(nll)), 2)


def _log(run: str | None) -> list[dict]:
    path = os.path.join(run, "log.jsonl") if run else None
    if not path or not os.path.exists(path):
        return []
    rows = []
    with open(path) as f:
        for line in f:
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "step" in r and "loss" in r:
                rows.append(r)
    return rows


def loss_curves(rows: list[dict], out: str, unigram: float | None = None) -> bool:
    """Train loss (a running mean) and valid NLL per stage, against the unigram level."""
    if not rows:
        return False
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    stages = sorted({r["stage"] for r in rows})
    fig, axes = plt.subplots(1, len(stages), figsize=(5 * len(stages), 3.2), squeeze=False)
    for ax, st in zip(axes[0], stages):
        rs = sorted((r for r in rows if r["stage"] == st), key=lambda r: r["step"])
        # a resumed run logs some steps twice: keep the last of each
        by_step = {r["step"]: r for r in rs}
        steps = sorted(by_step)
        loss = [by_step[s]["loss"] for s in steps]
        k = max(1, len(loss) // 100)
        smooth = [sum(loss[max(0, i - k):i + 1]) / len(loss[max(0, i - k):i + 1]) for i in range(len(loss))]
        ax.plot(steps, smooth, label="train loss (running mean)", lw=1)
        v = [(s, sum(by_step[s]["valid"]) / len(by_step[s]["valid"])) for s in steps if "valid" in by_step[s]]
        if v:
            ax.plot([a for a, _ in v], [b for _, b in v], "o-", label="valid NLL (4 codebooks' mean)", ms=3)
        vf = [(s, sum(by_step[s]["valid_free"]) / len(by_step[s]["valid_free"])) for s in steps if "valid_free" in by_step[s]]
        if vf:
            ax.plot([a for a, _ in vf], [b for _, b in vf], "s--", label="valid NLL, every control free", ms=3)
        if unigram is not None:
            ax.axhline(unigram, color="grey", ls=":", lw=1, label=f"unigram ({unigram})")
        ax.set_title(f"stage {st}")
        ax.set_xlabel("step")
        ax.set_ylabel("nats per token")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)
    return True


def data_summary(cache: str, codec: str) -> dict:
    """Hours per source and the packages (version, licence) the clips came from."""
    out: dict = {"hours": {}, "packages": {}, "clips": None}
    summary = os.path.join(cache, "clips", "summary.json")
    if os.path.exists(summary):
        with open(summary) as f:
            s = json.load(f)
        out["hours"] = {k: round(sum(v.values()), 2) for k, v in s.items() if not k.startswith("_")}
    tracks = os.path.join(cache, "clips", "tracks.jsonl")
    if os.path.exists(tracks):
        pk: dict = defaultdict(lambda: {"tracks": 0})
        with open(tracks) as f:
            for line in f:
                t = json.loads(line)
                p = pk[t.get("package", t.get("source", "?"))]
                p["tracks"] += 1
                p["version"], p["licence"] = t.get("version", "—"), t.get("licence", "—")
        out["packages"] = dict(pk)
    done = os.path.join(cache, "music", codec, "train", "done.json")
    if os.path.exists(done):
        with open(done) as f:
            out["clips"] = json.load(f)
    return out


def model_card(manifest: dict, ck: dict, data: dict, curves: bool, eval_md: str | None, total: int,
               unigram: float | None = None) -> str:
    cfg = ck["config"]
    codec = manifest["codec"]["pack"]
    m = cfg["model"]
    lines = [
        f"# {manifest['name']}: Undertone's video-to-music model",
        "",
        f"Writes {codec} tokens (4 codebooks × 2048, 50 Hz, MusicGen's delay pattern) from a video's",
        "descriptors and the studio's lanes — rhythm, intensity, melody, valence/arousal, harmony — and",
        "an instrument-family choice: the two stages of the multi-condition video-to-music paper the",
        "project follows (shared/seeds/000_*.txt, §3.3 and §3.5; docs/music-model.md),",
        f"at {m['dim']} × {m['blocks']} block(s) of four PTAA layers ({m['heads']} heads, a {m['context_seconds']} s KV cache).",
        "Trained by this repository's code on data from Debian packages and our own composer; no",
        "pretrained weights. Runs in the page (onnxruntime-web: int8 step on WASM, fp32 on WebGPU).",
        "",
        "## Training",
        "",
        f"- checkpoint: stage {ck['stage']}, step {ck['step']}"
        + (f", valid NLL {ck['score']:.3f} nats per token (unigram {unigram if unigram is not None else '—'}, uniform 7.62)"
           if ck.get("score") is not None else ""),
        f"- config: {json.dumps(cfg.get('stages'))}; optimiser {json.dumps(cfg.get('optim'))}",
        f"- data config: {json.dumps(cfg.get('data'))}",
        f"- default sampling (manifest, adjustable in the studio): {json.dumps(manifest.get('sampling'))}",
    ]
    if curves:
        lines += ["", "![loss curves](loss.png)"]
    lines += ["", "## Data", ""]
    if cfg.get("data", {}).get("kind") != "tokens":
        lines.append(f"Synthetic clips only (`data.kind` {cfg.get('data', {}).get('kind')!r}, training/music/data.py): a pipeline check, not music.")
        data = {"clips": None, "hours": {}, "packages": {}}
    if data["clips"]:
        c = data["clips"]
        lines.append(f"{c.get('hours', '?')} h of training clips ({c.get('clips', '?')} clips of 10 s; {c.get('composer_clips', '?')} from the composer).")
    if data["hours"]:
        lines += ["", "| source | hours (all splits) |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(data["hours"].items())]
    if data["packages"]:
        lines += ["", "| package | version | licence | tracks |", "|---|---|---|---|"]
        lines += [f"| {k} | {v['version']} | {v['licence']} | {v['tracks']} |" for k, v in sorted(data["packages"].items())]
    lines += [
        "",
        "Controls are the engine's own extraction of each clip (`undertone extract`); the composer's",
        "pieces also give their instrument families (the ensemble condition; masked for recordings).",
        "",
        "## The video is synthetic",
        "",
        "No free music-video pairs exist here, so each clip's video is made from its controls (cuts and",
        "flashes on downbeats, motion following intensity and arousal, hue and brightness following",
        "valence) and analysed by the engine. The model therefore learns the mapping *picture descriptors",
        "→ music* that this generator implies, not the taste of film editors: it follows cuts, motion and",
        "brightness as the generator ties them to music, and knows nothing of a scene's meaning.",
        "docs/music-model.md, \"What the synthetic pairing means\".",
        "",
        "## Metrics",
        "",
        "The full protocols (`npm run eval -- --pack public/models/" + manifest["name"] + "`, and `--extracted`) write "
        "`eval/results/" + manifest["name"] + "/created.md` (the paper's Table 9 beside ours) and `extracted.md` (Table 2); "
        "below, the quick mode run at export (a smoke test: a few cases, 4 s each).",
        "",
    ]
    # the quick report's own title would read as a second document inside the card
    eval_md = "\n".join(l for l in eval_md.strip().splitlines() if not l.startswith("# ")) if eval_md else None
    lines.append(eval_md.strip() if eval_md else "Not measured with this export (`--eval`, or `npm run eval -- --pack public/models/" + manifest["name"] + "`).")
    lines += [
        "",
        "## Files",
        "",
        "| role | file | bytes |",
        "|---|---|---|",
    ]
    lines += [f"| {r} | {f['file']} | {f['bytes']:,} |" for r, f in sorted(manifest["files"].items())]
    lines += [f"", f"{total:,} bytes in all (limit 60 MB); the codec is `public/models/{manifest['codec']['pack']}/`.", ""]
    return "\n".join(lines)


def ship(checkpoint: str, out: str, run: str | None, cache: str, run_eval: bool, guidance: float | None = None,
         harmony_guidance: float | None = None, critic: float | None = None, critic_lanes: dict | None = None,
         level_search: dict | None = None) -> dict:
    from training.music.train import load_weights
    model, ck = load_weights(checkpoint)
    if ck["stage"] != 2:
        raise SystemExit(f"{checkpoint} is a stage-{ck['stage']} checkpoint: a pack needs stage 2 (the controls)")
    cfg = ck["config"]
    name = os.path.basename(os.path.normpath(out))
    os.makedirs(out, exist_ok=True)
    training = {"config": cfg.get("_name", os.path.basename(cfg.get("run_dir", ""))), "stage": ck["stage"], "step": ck["step"],
                "valid_nll": ck.get("score"), "valid_clips": ck.get("valid")}
    extra = {"trained": True, "training": training}
    if guidance is not None:
        # the studio's default guidance: the scale measured best for this model (docs/evaluation.md
        # "Guidance"), not MusicGen's 3, which left a small model's lanes half-followed
        extra["sampling"] = {**DEFAULT_SAMPLING, "guidance_scale": guidance}
    if harmony_guidance:
        # a third batch row without the harmony lane (src/engine/generate/generate.ts): what the chords
        # asked add, pushed further; picked with npm run eval -- --harmony-guidance W (docs/evaluation.md)
        extra["sampling"] = {**extra.get("sampling", DEFAULT_SAMPLING), "harmony_guidance": harmony_guidance}
    if critic:
        # the codec pack's lane critic at this scale (src/engine/generate/critic.ts); read only when the
        # codec has one; picked with npm run eval -- --critic S --critic-lanes L,M,H (docs/evaluation.md)
        extra["sampling"] = {**extra.get("sampling", DEFAULT_SAMPLING), "critic_scale": critic,
                             **({"critic_lanes": critic_lanes} if critic_lanes else {})}
    if level_search:
        # the loop's level search (src/engine/generate/level-search.ts): each chunk written this many ways and
        # the one whose decoded level is nearest the intensity lane kept; picked with npm run eval -- --level-search N
        extra["sampling"] = {**extra.get("sampling", DEFAULT_SAMPLING), "level_search": level_search}
    # a derived token set (codec-v2-gain: codec-v2's codes of more clips) names the codec pack it is made of
    codec_pack = cfg["data"].get("codec_pack", cfg["data"].get("codec", "codec-v2"))
    manifest = write_pack(model, out, name, codec_pack, cfg["model"].get("context_seconds", 30.0), extra)
    unigram = unigram_nll(cache, cfg["data"].get("codec", "codec-v2"))
    curves = loss_curves(_log(run), os.path.join(out, "loss.png"), unigram)
    eval_md = None
    if run_eval:
        r = subprocess.run(["npm", "run", "eval", "--", "--quick", "--pack", os.path.abspath(out)], cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"npm run eval failed:\n{r.stderr[-2000:]}")
        quick = os.path.join(ROOT, "eval", "results", manifest.get("name", name), "quick.md")  # eval writes per pack
        if os.path.exists(quick):
            with open(quick) as f:
                eval_md = f.read()
    total = sum(f["bytes"] for f in manifest["files"].values())
    if total > MAX_BYTES:
        raise SystemExit(f"the pack is {total:,} bytes, over the 60 MB a tab should download")
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(model_card(manifest, ck, data_summary(cache, cfg["data"].get("codec", "codec-v2")), curves, eval_md, total, unigram))
    return {"out": out, "bytes": total, "stage": ck["stage"], "step": ck["step"], "curves": curves, "eval": eval_md is not None}


def _numbers(ap: argparse.ArgumentParser, flag: str, text: str) -> list[float]:
    """A flag's comma-separated numbers, or the parser's usage error naming the flag (not a traceback)."""
    try:
        return [float(x) for x in text.split(",")]
    except ValueError:
        ap.error(f"{flag} takes comma-separated numbers, got {text!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", required=True, help="weights-only stage-2 checkpoint")
    ap.add_argument("--out", default="public/models/music-v3")
    ap.add_argument("--run", default="training/runs/music-tokens", help="run folder whose log.jsonl has the curves")
    ap.add_argument("--cache", default="training/.cache")
    ap.add_argument("--eval", action="store_true", help="run npm run eval --quick on the pack and put it in the card")
    ap.add_argument("--guidance", type=float, default=None, help="the manifest's default guidance scale "
                    f"(default {DEFAULT_SAMPLING['guidance_scale']}); pick it with npm run eval -- --guidance G")
    ap.add_argument("--harmony-guidance", type=float, default=None, help="the manifest's default harmony-lane guidance "
                    "(absent: off); pick it with npm run eval -- --harmony-guidance W")
    ap.add_argument("--critic", type=float, default=None, help="the manifest's default lane-critic scale (absent: off)")
    ap.add_argument("--critic-lanes", default=None, metavar="L,M,H[,R]", help="the critic's default weights for level, melody, harmony "
                    "and, for a codec critic with an onset read-out, rhythm")
    ap.add_argument("--critic-codebooks", type=int, default=None, metavar="N", help="how many codebooks the critic scores "
                    "(absent: the codec critic's own count); needs --critic-lanes")
    ap.add_argument("--critic-hold", default=None, metavar="G[,S]", help="the critic's level hold: its gain and memory in seconds "
                    "(src/engine/generate/critic.ts); needs --critic-lanes")
    ap.add_argument("--level-search", default=None, metavar="N[,C[,M[,L]]]", help="the level search by default: N candidates "
                    "(2-16) per chunk of C s (default 0.5), heard over M s (default 1), the melody lane's misses weighted L "
                    "(default 0; the studio's Search asks 20)")
    a = ap.parse_args()
    search = None
    if a.level_search:
        v = _numbers(ap, "--level-search", a.level_search)
        if (len(v) not in (1, 2, 3, 4) or v[0] != int(v[0]) or not 2 <= v[0] <= 16 or (len(v) > 1 and not 0.1 <= v[1] <= 5)
                or (len(v) > 2 and not 0.1 <= v[2] <= 10) or (len(v) > 3 and not v[3] >= 0)):
            ap.error(f"--level-search takes N (a whole number 2-16), a chunk of 0.1-5 s, a memory of 0.1-10 s and a melody "
                     f"weight >= 0: N[,C[,M[,L]]], got {a.level_search}")
        search = {"candidates": int(v[0]), **({"chunk_s": v[1]} if len(v) > 1 else {}), **({"memory_s": v[2]} if len(v) > 2 else {}),
                  **({"melody": v[3]} if len(v) > 3 and v[3] > 0 else {})}
    lanes = None
    if a.critic_lanes:
        w = _numbers(ap, "--critic-lanes", a.critic_lanes)
        if len(w) not in (3, 4) or min(w) < 0:
            ap.error(f"--critic-lanes takes three or four weights >= 0 (level, melody, harmony[, rhythm]), got {a.critic_lanes}")
        lanes = {"level": w[0], "melody": w[1], "harmony": w[2], **({"rhythm": w[3]} if len(w) == 4 else {})}
    if (a.critic_codebooks is not None or a.critic_hold) and lanes is None:
        ap.error("--critic-codebooks and --critic-hold go with --critic-lanes (the manifest keeps them in sampling.critic_lanes)")
    if a.critic_codebooks is not None:
        if not 1 <= a.critic_codebooks <= 64:
            ap.error(f"--critic-codebooks takes a whole number from 1 to 64, got {a.critic_codebooks}")
        lanes["codebooks"] = a.critic_codebooks
    if a.critic_hold:
        h = _numbers(ap, "--critic-hold", a.critic_hold)
        if len(h) not in (1, 2) or h[0] < 0 or (len(h) == 2 and not h[1] > 0):
            ap.error(f"--critic-hold takes a gain >= 0 and a memory in seconds > 0 (G[,S]), got {a.critic_hold}")
        lanes["level_hold"] = h[0]
        if len(h) == 2:
            lanes["level_hold_s"] = h[1]
    if a.harmony_guidance is not None and not a.harmony_guidance >= 0:
        ap.error(f"--harmony-guidance must be a number >= 0 (0 = off), got {a.harmony_guidance}")
    if a.guidance is not None and not a.guidance >= 0:
        ap.error(f"--guidance must be a number >= 0 (1 = no guidance), got {a.guidance}")
    print(json.dumps(ship(a.checkpoint, a.out, a.run, a.cache, a.eval, a.guidance, a.harmony_guidance, a.critic, lanes, search)))


if __name__ == "__main__":
    main()
