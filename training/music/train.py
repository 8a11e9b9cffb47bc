"""Music model training: stage 1 (video → music) then stage 2 (controls, backbone frozen).

python -m training.music.train --config training/configs/music/tiny.json [--until 05:10] [--max-steps N]
torchrun --nproc_per_node 2 -m training.music.train --config ...   (config "ddp": true)

Resumable: run_dir/last.pt (model, optimiser, stage, step, best score); weights-only checkpoints
run_dir/stage1.pt and stage2.pt at the end of each stage and run_dir/best.pt whenever the valid NLL
(mean over codebooks) beats the stage's best (`save_weights`: fp16 state dict + config + stage, step,
score; what gets committed — training/scripts/save_music_checkpoint.py — and what export reads).
A fresh machine without last.pt starts from a committed one with --init-from (its stage and step;
the optimiser's moments restart). Stops at --until (UTC HH:MM), --max-steps (a total over both
stages) or when run_dir/STOP exists, always checkpointing first. CUDA when present; bf16 autocast on
CPUs that have it (training/codec/train.py, docs/dev-notes.md).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import time

import numpy as np
import torch

from training.codec.builders import load_config
from training.codec.train import _deadline, _save, cpu_bf16_fast, keep_freed_memory

from .controls import mask_controls
from .data import collate, synthetic_clip
from .model import MusicModel
from .tokens import TokenClips


class SyntheticClips:
    """A fixed pool of synthetic clips (data.py); batches drawn by (seed, stage, step, rank)."""

    def __init__(self, d: dict, seed: int, split: str):
        rng = np.random.default_rng(seed + (0 if split == "train" else 1_000_003))
        n = d["clips"] if split == "train" else d["valid_clips"]
        frames = int(round(d["seconds"] * 50))
        self.clips = [synthetic_clip(rng, frames) for _ in range(n)]

    def batch(self, size: int, rng: np.random.Generator) -> dict:
        return collate([self.clips[i] for i in rng.integers(0, len(self.clips), size)])

    def all(self) -> dict:
        return collate(self.clips)


DATASETS = {"synthetic": SyntheticClips, "tokens": TokenClips}  # a data set is one class, one line


def to(batch: dict, device) -> dict:
    out = {k: v.to(device) for k, v in batch.items() if k != "controls"}
    out["controls"] = {n: (v.to(device), m.to(device)) for n, (v, m) in batch["controls"].items()}
    return out


def save_weights(model: MusicModel, cfg: dict, path: str, stage: int, step: int, **extra) -> None:
    state = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    _save(path, {"model": state, "config": cfg, "stage": stage, "step": step, **extra})


def valid_signature(dataset) -> str | None:
    """Which clips the valid NLL is measured on (a hash of their ids), so two checkpoints' scores are
    compared only on the same clips; None for a data set whose clips have no ids (synthetic)."""
    ids = [c.get("id") for c in getattr(dataset, "clips", [])]
    if not ids or None in ids:
        return None
    return hashlib.sha1(json.dumps(ids).encode()).hexdigest()[:16]


def transfer_weights(model: MusicModel, transfer: dict, part: str, log=print) -> list[str]:
    """Warm start from another run's weights (config "transfer": {"from": checkpoint, "skip": [name
    prefixes], optional "controls_from": checkpoint for the "controls" part, optional "token_map": {"old", "new"}
    codec checkpoints when the tokens are a refitted codec's}), for a model whose tokens changed: the video encoder, the attention layers and the
    control branch carry over, the token embeddings and heads (named in "skip") start afresh.
    part "backbone" (a fresh run, before stage 1) loads every parameter the stage-1 model has;
    "controls" (when stage 2 begins) loads the condition encoder and CGD's joins, but not the CGD
    clone: add_controls copied it from *this* backbone's first layer, as the paper's CGD starts.
    Only tensors of the same name and shape are taken. Returns the names loaded."""
    # "controls_from": stage 2's condition encoder and joins from another checkpoint than the backbone's
    # (e.g. a backbone trained unconditioned, with the control branch of a conditioned model of its shape)
    path = transfer.get("controls_from", transfer["from"]) if part == "controls" else transfer["from"]
    src = torch.load(path, map_location="cpu")["model"]
    tm = transfer.get("token_map")
    if tm and part == "backbone":
        # a refitted codec: embeddings and heads read through the latent map (training/music/token_map.py)
        from training.music.token_map import remap_state
        src = remap_state(src, tm["old"], tm["new"], tm.get("tokens"), log=log)
    skip = tuple(transfer.get("skip", ["emb.", "heads_out."]))
    own = model.state_dict()
    if part == "backbone":
        take = lambda k: not k.startswith("conditions.") and ".cgd." not in k
    else:
        take = lambda k: k.startswith("conditions.") or (".cgd." in k and ".cgd.clone." not in k)
    state = {k: v.float() if v.is_floating_point() else v for k, v in src.items()
             if take(k) and not k.startswith(skip) and k in own and own[k].shape == v.shape}
    model.load_state_dict(state, strict=False)
    log(f"transferred {len(state)} of {sum(take(k) for k in own)} {part} tensors from {path}")
    return sorted(state)


def load_weights(path: str) -> tuple[MusicModel, dict]:
    ck = torch.load(path, map_location="cpu")
    model = MusicModel(ck["config"]["model"])
    if ck["stage"] == 2:
        model.add_controls()
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()})
    return model.float().eval(), ck


def lr_at(step: int, total: int, base: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    return base * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))


def prepare(model, batch, stage: int, sc: dict, gen: torch.Generator):
    """Delayed sequence, condition dropout and (stage 2) the control masking of eq. 11-12."""
    seq = model.pattern.build(batch["codes"])
    B = seq.shape[0]
    video_mask = (torch.rand(B, generator=gen) >= sc.get("p_video_drop", 0.0)).float()
    controls = None
    if stage == 2:
        controls, dropped = mask_controls(batch["controls"], gen, sc["p_drop"], sc["p_span_out"], sc["p_span_in"], sc["p_all"],
                                          sc.get("p_solo", 0.0))
        video_mask = torch.where(dropped, torch.zeros_like(video_mask), video_mask)  # unconditioned row
        swap_video(batch, sc.get("p_video_swap", 0.0), gen)
    return seq, video_mask, controls


def swap_video(batch: dict, p: float, gen: torch.Generator) -> None:
    """With p, a row gets the next row's video (in place) while keeping its own music and lanes.
    Our synthetic videos are rendered from their clip's controls, so with the true video present the
    lanes add almost nothing the video does not already say, and the control branch learns little
    (music-v1: 0.03 nats). A person's lanes often depart from what the picture suggests; a row whose
    video disagrees with its music teaches that the lanes, not the picture, decide."""
    if p <= 0:
        return
    B = batch["codes"].shape[0]
    rows = torch.rand(B, generator=gen) < p
    if B < 2 or not bool(rows.any()):
        return
    for k in ("frame", "context", "patch"):
        v = batch[k]
        batch[k] = torch.where(rows.reshape((B,) + (1,) * (v.dim() - 1)), v.roll(1, 0), v)


@torch.no_grad()
def evaluate(model, batch, stage: int, device, free_controls: bool = False, autocast: bool = False,
             video: bool = True) -> list[float]:
    """Per-codebook NLL (nats) with the video (or without it); stage 2 with every control given, or all freed.
    autocast: the forward in bf16 like the training steps (64 clips in fp32 cost as much as ~25 bf16
    steps on a CPU with AVX512-BF16); the NLL itself is computed in fp32."""
    model.eval()
    seq = model.pattern.build(batch["codes"]).to(device)
    controls = None
    if stage == 2:
        controls = {n: (v * (0 if free_controls else 1), m * (0 if free_controls else 1)) for n, (v, m) in batch["controls"].items()}
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        mask = torch.full((seq.shape[0],), 1.0 if video else 0.0, device=device)
        logits = model(seq, batch["frame"], batch["context"], batch["patch"], mask, controls)
    model.train()
    return model.loss(logits, seq)[1]


def train(cfg: dict, until: str | None = None, max_steps: int | None = None, quiet: bool = False,
          init_from: str | None = None, restart_schedule: bool = False) -> dict:
    keep_freed_memory()
    torch.set_num_threads(cfg.get("threads", 2))
    ddp = cfg.get("ddp", False) and int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank = 0
    if ddp:
        torch.distributed.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank = torch.distributed.get_rank()
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available() else "cpu")
    run = cfg["run_dir"]
    os.makedirs(run, exist_ok=True)
    if rank == 0:
        with open(os.path.join(run, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
    torch.manual_seed(cfg["seed"])
    data = DATASETS[cfg["data"]["kind"]](cfg["data"], cfg["seed"], "train")
    valid_set = DATASETS[cfg["data"]["kind"]](cfg["data"], cfg["seed"], "valid")
    valid, signature = to(valid_set.all(), device), valid_signature(valid_set)
    model = MusicModel(cfg["model"])
    stage, step, opt_state, best = 1, 0, None, math.inf
    last = os.path.join(run, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last, map_location="cpu")
        stage, step, opt_state, best = ck["stage"], ck["step"], ck["opt"], ck.get("best", math.inf)
        if stage == 2:
            model.add_controls()
        model.load_state_dict(ck["model"])
    elif init_from:
        # a fresh machine: the committed weights-only checkpoint (training/checkpoints/); the
        # optimiser's moments restart, the schedule continues from its step
        ck = torch.load(init_from, map_location="cpu")
        stage, step = ck["stage"], ck["step"]
        if stage == 2:
            model.add_controls()
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()})
        if restart_schedule:
            step = 0  # a new schedule for this stage (new settings), from these weights; best is the new run's own
        elif ck.get("valid") == signature and ck.get("score") is not None:
            best = ck["score"]
        if rank == 0:
            print(f"initialised from {init_from} (stage {stage}, step {step})", flush=True)
    elif cfg.get("transfer"):
        transfer_weights(model, cfg["transfer"], "backbone", log=lambda m: rank == 0 and print(m, flush=True))
    model.to(device).train()
    deadline = _deadline(until)
    autocast = device.type == "cpu" and cpu_bf16_fast()
    log = open(os.path.join(run, "log.jsonl"), "a") if rank == 0 else None
    done, history = 0, []
    while stage <= 2:
        sc = cfg["stages"][str(stage)]
        params = [p for p in model.parameters() if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=sc["lr"], betas=(0.9, 0.95), weight_decay=cfg["optim"].get("weight_decay", 0.01))
        if opt_state is not None:
            opt.load_state_dict(opt_state)
            opt_state = None
        net = torch.nn.parallel.DistributedDataParallel(model, find_unused_parameters=True) if ddp else model
        stopped = False
        while step < sc["steps"]:
            if (max_steps is not None and done >= max_steps) or (deadline and time.time() > deadline) \
                    or os.path.exists(os.path.join(run, "STOP")):
                stopped = True
                break
            rng = np.random.default_rng([cfg["seed"], stage, step, rank])
            gen = torch.Generator().manual_seed(int(rng.integers(1 << 62)))
            batch = data.batch(sc["batch"], rng)
            seq, video_mask, controls = prepare(model, batch, stage, sc, gen)
            b = to({**batch, "codes": seq}, device)
            controls = {n: (v.to(device), m.to(device)) for n, (v, m) in controls.items()} if controls else None
            for g in opt.param_groups:
                g["lr"] = lr_at(step, sc["steps"], sc["lr"], cfg["optim"]["warmup"])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                logits = net(b["codes"], b["frame"], b["context"], b["patch"], video_mask.to(device), controls)
            loss, per = model.loss(logits, b["codes"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, cfg["optim"].get("grad_clip", 1.0))
            opt.step()
            step += 1
            done += 1
            rec = {"stage": stage, "step": step, "time": round(time.time(), 2), "loss": float(loss), "per_codebook": per}
            if step % cfg["valid_every"] == 0 or step == sc["steps"]:
                rec["valid"] = evaluate(model, valid, stage, device, autocast=autocast)
                if stage == 2:
                    rec["valid_free"] = evaluate(model, valid, stage, device, free_controls=True, autocast=autocast)
                    # what the lanes carry alone: the created-controls protocol and a studio without video
                    rec["valid_novideo"] = evaluate(model, valid, stage, device, autocast=autocast, video=False)
                if float(np.mean(rec["valid"])) < best:
                    best = float(np.mean(rec["valid"]))
                    if rank == 0:
                        save_weights(model, cfg, os.path.join(run, "best.pt"), stage, step, score=best, valid=signature)
            history.append(rec)
            if rank == 0:
                log.write(json.dumps(rec) + "\n")
                log.flush()
                if not quiet and (step % cfg["log_every"] == 0 or "valid" in rec):
                    print(json.dumps(rec), flush=True)
            if rank == 0 and step % cfg["ckpt_every"] == 0:
                _save(last, {"model": model.state_dict(), "opt": opt.state_dict(), "stage": stage, "step": step, "best": best})
        if rank == 0:
            _save(last, {"model": model.state_dict(), "opt": opt.state_dict(), "stage": stage, "step": step, "best": best})
        if stopped:
            break
        if rank == 0:
            save_weights(model, cfg, os.path.join(run, f"stage{stage}.pt"), stage, step)
        if stage == 1:
            model.add_controls()
            if cfg.get("transfer"):
                transfer_weights(model, cfg["transfer"], "controls", log=lambda m: rank == 0 and print(m, flush=True))
            model.to(device).train()
            if rank == 0:
                _save(last, {"model": model.state_dict(), "opt": None, "stage": 2, "step": 0, "best": math.inf})
        stage, step, best = stage + 1, 0, math.inf  # stage 2's NLL is another measure: its own best
    if log:
        log.close()
    if ddp:
        torch.distributed.destroy_process_group()
    return {"stage": min(stage, 2), "finished": stage > 2, "history": history}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--until", default=None, help="stop at this UTC time (HH:MM)")
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--run-dir", default=None, help="override the config's run_dir")
    ap.add_argument("--init-from", default=None, help="weights-only checkpoint to start from when the run has no "
                    "last.pt (training/checkpoints/music-tokens.pt on a fresh machine)")
    ap.add_argument("--restart-schedule", action="store_true", help="with --init-from: start the checkpoint's "
                    "stage at step 0 of this config's schedule (a continuation with new settings)")
    a = ap.parse_args()
    cfg = load_config(a.config)
    if a.run_dir:
        cfg["run_dir"] = a.run_dir
    r = train(cfg, a.until, a.max_steps, init_from=a.init_from, restart_schedule=a.restart_schedule)
    print(json.dumps({"stage": r["stage"], "finished": r["finished"]}))


if __name__ == "__main__":
    main()
