#!/usr/bin/env bash
# The codec-v2 ablation table: each config in configs/codec/ablation for the same step budget on
# the same data, then the held-out ladder for all of them. Resumable (each run keeps last.pt).
# usage: training/scripts/run_ablations.sh [steps] [manifest] [names…]
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-250}
manifest=${2:-training/.cache/clips/manifest.jsonl}
shift 2 || true
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(v1-recipe absolute-phase v2-short no-pitch-loss no-quantiser ema-vq)
runs=()
for name in "${names[@]}"; do
  cfg=training/configs/codec/ablation/$name.json
  run=$(/usr/bin/python3 -c "import json;print(json.load(open('$cfg'))['run_dir'])")
  /usr/bin/python3 -m training.codec.train --config "$cfg" --manifest "$manifest" --max-steps "$steps" >> "$run.log" 2>&1
  runs+=("$run")
done
/usr/bin/python3 -m training.scripts.ladder --runs "${runs[@]}" --which last --out training/.cache/ablation.json
