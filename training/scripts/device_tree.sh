#!/usr/bin/env bash
# The device tool sends the whole checkout, and it may not exceed 64 MiB (tracked files, untracked
# files git does not ignore, carried paths). The tracked tree alone is ~100 MB (codec packs and
# checkpoints), so a device call needs the large tracked files a run does not read set aside first,
# and put back right after the call:
#
#   training/scripts/device_tree.sh aside music   # or: decoder | codec
#   (device tool: run, carry training/.cache/gpu for music)
#   training/scripts/device_tree.sh back
#
# `aside` moves every tracked file over 1 MB that the run does not need to /tmp/undertone-aside
# (same paths) and prints what would travel; `back` moves them home. Never commit in between: git
# would see them deleted (`status` says whether anything is aside).
set -euo pipefail
cd "$(dirname "$0")/../.."
ASIDE=/tmp/undertone-aside
cmd=${1:-status}

case "$cmd" in
  aside)
    run=${2:?"which run: music | decoder | codec"}
    case "$run" in
      music) keep='^training/checkpoints/music-tokens\.pt$' ;;
      decoder) keep='^training/checkpoints/(codec-v2-mag|codec-v2-640)\.pt$' ;;
      codec) keep='^training/checkpoints/codec-v2-640\.pt$' ;;
      *) echo "unknown run $run" >&2; exit 2 ;;
    esac
    if [ -d "$ASIDE" ] && [ -n "$(find "$ASIDE" -type f | head -1)" ]; then
      echo "files are already aside in $ASIDE: run '$0 back' first" >&2; exit 1
    fi
    git ls-files -z | while IFS= read -r -d '' f; do
      [ -f "$f" ] || continue
      size=$(stat -c %s "$f")
      if [ "$size" -gt 1000000 ] && ! [[ "$f" =~ $keep ]]; then
        mkdir -p "$ASIDE/$(dirname "$f")"
        mv "$f" "$ASIDE/$f"
        echo "aside: $f ($((size / 1000000)) MB)"
      fi
    done
    # files set aside are missing: stat fails on them (and only them)
    tracked=$( (git ls-files -z | xargs -0 stat -c %s 2>/dev/null || true) | awk '{s += $1} END {print s + 0}')
    untracked=$( (git ls-files -z --others --exclude-standard | xargs -0 -r stat -c %s 2>/dev/null || true) | awk '{s += $1} END {print s + 0}')
    carry=0
    [ "$run" = music ] && [ -d training/.cache/gpu ] && carry=$(du -sb training/.cache/gpu | cut -f1)
    echo "travels: tracked $((tracked / 1000000)) MB + untracked $((untracked / 1000000)) MB + carry $((carry / 1000000)) MB (limit 67 MB)"
    ;;
  back)
    [ -d "$ASIDE" ] || { echo "nothing aside"; exit 0; }
    (cd "$ASIDE" && find . -type f -print0) | while IFS= read -r -d '' f; do
      f=${f#./}
      mkdir -p "$(dirname "$f")"
      mv "$ASIDE/$f" "$f"
      echo "back: $f"
    done
    rm -rf "$ASIDE"
    ;;
  status)
    if [ -d "$ASIDE" ] && [ -n "$(find "$ASIDE" -type f | head -1)" ]; then
      echo "aside (do not commit):"; (cd "$ASIDE" && find . -type f)
    else
      echo "nothing aside"
    fi
    ;;
  *) echo "usage: $0 aside music|decoder|codec | back | status" >&2; exit 2 ;;
esac
