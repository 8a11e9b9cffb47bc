#!/usr/bin/env bash
# Everything training needs, from Debian (there is no pip registry here). About 1 GB, under a minute.
# Use /usr/bin/python3: the python3 first on PATH may be another interpreter that cannot see these.
set -euo pipefail
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  python3-torch python3-torchaudio python3-numpy python3-scipy python3-onnx python3-matplotlib \
  ffmpeg sox fluidsynth fluid-soundfont-gm \
  timgm6mb-soundfont \
  musescore-general-soundfont-lossless csound-soundfont opl3-soundfont
# timgm6mb: the held-out renders' soundfont (heldout_renders.py, the pitch fixtures), never trained on;
# the other three: more GM banks for the codec decoder's rendered notes (scripts/render_notes.py)
