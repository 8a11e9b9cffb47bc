#!/usr/bin/env bash
# A prepared training run for a lent GPU machine, at most ~10 minutes of device time:
# data (if the machine is bare) → train from the committed checkpoint for $MINUTES → fp16
# checkpoint back under training/checkpoints/ (and $OUT when the device tool collects files).
# usage (device machine, repo root): MINUTES=7 [RUN=music|decoder|codec] training/scripts/gpu_run.sh
# RUN=music: the music model on the codec-v2 token set (configs/music/tokens-gpu.json, checkpoint
# music-tokens.pt). The token set cannot be rebuilt there (no Debian music packages): pack it here
# with `python3 -m training.scripts.music_bundle pack` and name training/.cache/gpu in the device
# tool's carry; this script unpacks it.
# RUN=decoder (default since codec-v2 shipped): the magnitude-only decoder on the shipped tokens
# (configs/codec/v2-mag-gpu.json, checkpoint codec-v2-mag.pt) — the tokens stay, so the music
# model's data stays valid. RUN=codec: the whole codec (v2-gpu.json, codec-v2-640.pt), which
# changes the tokens: only for a new token set.
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${MINUTES:-7}
# The python that holds a CUDA torch: the device image's `python3` (its /usr/bin/python3 may have none);
# Debian's python3-torch here.
python=${PYTHON:-}
if [ -z "$python" ]; then
  for p in python3 /usr/bin/python3; do
    if "$p" -c 'import torch' 2>/dev/null; then python=$p; break; fi
  done
fi
"$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
until=$(date -u -d "+${MINUTES} min" +%H:%M)
if [ "${RUN:-decoder}" = music ]; then
  bundle=training/.cache/gpu/music-codec-v2.npz
  [ -f training/.cache/music/codec-v2/train/index.jsonl ] || $python -m training.scripts.music_bundle unpack --bundle "$bundle"
  run=training/runs/music-tokens-gpu ckpt=training/checkpoints/music-tokens.pt
  init=()
  [ -f "$ckpt" ] && init=(--init-from "$ckpt")
  PYTHONUNBUFFERED=1 $python -m training.music.train --config training/configs/music/tokens-gpu.json --until "$until" "${init[@]}"
  $python -m training.scripts.save_music_checkpoint --run "$run" --out "$ckpt" || true
  if [ -n "${OUT:-}" ]; then cp "$ckpt" "$OUT/"; cp "$run/log.jsonl" "$OUT/gpu-music-log.jsonl"; fi
  exit 0
fi
manifest=training/.cache/clips/manifest.jsonl
if [ ! -f "$manifest" ]; then
  # A bare machine: composer pieces only (minutes); the package music needs the full data steps.
  $python -m training.scripts.compose --hours 2
  $python -m training.scripts.quick_manifest --out training/.cache/clips/manifest.jsonl
fi
if [ "${RUN:-decoder}" = decoder ]; then
  config=training/configs/codec/v2-mag-gpu.json ckpt=training/checkpoints/codec-v2-mag.pt run=training/runs/codec-v2-mag-gpu
  start=$ckpt; [ -f "$start" ] || start=training/checkpoints/codec-v2-640.pt
else
  config=training/configs/codec/v2-gpu.json ckpt=training/checkpoints/codec-v2-640.pt run=training/runs/codec-v2-gpu start=$ckpt
fi
init=()
[ -f "$start" ] && init=(--init-from "$start")
$python -m training.codec.train --config "$config" --run-dir "$run" --until "$until" "${init[@]}"
$python -m training.scripts.save_checkpoint --run "$run" --out "$ckpt"
if [ -n "${OUT:-}" ]; then cp "$ckpt" "$OUT/"; cp "$run/log.jsonl" "$OUT/gpu-log.jsonl"; fi
