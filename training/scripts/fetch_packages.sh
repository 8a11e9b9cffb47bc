#!/usr/bin/env bash
# Download and unpack the music packages named in a data config (apt-get download + dpkg -x,
# no installation, so nothing on the system changes). Idempotent: skips what is already unpacked.
# usage: training/scripts/fetch_packages.sh [training/configs/data/full.json]
set -euo pipefail
cd "$(dirname "$0")/../.."
cfg=${1:-training/configs/data/full.json}
cache=$(/usr/bin/python3 -c "import json,sys;print(json.load(open('$cfg'))['cache_dir'])")
pkgs=$(/usr/bin/python3 -c "import json;c=json.load(open('$cfg'));print(' '.join([p['package'] for p in c['audio_packages']]+c['midi_packages']))")
mkdir -p "$cache/debs" "$cache/pkgs"
for p in $pkgs; do
  if [ -f "$cache/pkgs/$p/.done" ]; then echo "have $p"; continue; fi
  # apt runs downloads as _apt; a root-owned cache dir makes it fall back to root with a warning.
  (cd "$cache/debs" && apt-get download -q "$p" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
  deb=$(ls "$cache/debs/${p}"_*.deb 2>/dev/null | head -1)
  if [ -z "$deb" ]; then echo "MISSING $p"; continue; fi
  rm -rf "$cache/pkgs/$p" && mkdir -p "$cache/pkgs/$p"
  dpkg -x "$deb" "$cache/pkgs/$p"
  dpkg-deb -f "$deb" Version > "$cache/pkgs/$p/.version"
  touch "$cache/pkgs/$p/.done"
  rm -f "$deb"   # the unpacked tree is all we need; keep the disk for clips
  echo "unpacked $p"
done
