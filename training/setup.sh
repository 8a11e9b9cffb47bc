#!/usr/bin/env bash
# Everything training needs, from Debian (there is no pip registry here). About 1 GB, under a minute.
# Use /usr/bin/python3: the python3 first on PATH may be another interpreter that cannot see these.
set -euo pipefail
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  python3-torch python3-torchaudio python3-numpy python3-scipy python3-onnx python3-matplotlib \
  ffmpeg sox fluidsynth fluid-soundfont-gm \
  timgm6mb-soundfont  # the held-out renders' second soundfont (training/scripts/heldout_renders.py, codec judging)
