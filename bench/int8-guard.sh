#!/usr/bin/env bash
# int8 backbone guard: on each generated 1780-patient cohort (bench/image-fusion.sh makes them), `train` twice with
# the same seed and split, once with image.precision fp32 and once int8, then every branch's test AUC side by side
# and the largest difference between the two zips' probabilities over every film of the cohort.
# usage: bench/int8-guard.sh OUTDIR COHORTS_DIR SEED...   (COHORTS_DIR/cohort-SEED/cohort.csv; ~5 min per cohort)
set -euo pipefail
out=$1; cohorts=$2; shift 2
mkdir -p "$out"
cli=${OSTEOML_CLI:-"dotnet run --project src/OsteoMl.Cli -c Release --"}
for precision in fp32 int8; do
  python3 - "$precision" > "$out/pipeline-$precision.json" <<'PY'
import json, sys
config = json.load(open("pipelines/default.json"))
config["image"]["precision"] = sys.argv[1]
print(json.dumps(config, indent=2))
PY
done
for seed in "$@"; do
  for precision in fp32 int8; do
    run="$out/$precision-$seed"
    $cli train --data "$cohorts/cohort-$seed" --seed 1 --pipeline "$out/pipeline-$precision.json" \
      --out "$run.zip" --runs "$run-runs" > "$run-train.log"
    $cli predict --model "$run.zip" --data "$cohorts/cohort-$seed" --out "$run-predictions.csv" > "$run-predict.log"
  done
done
python3 - "$out" "$@" <<'PY'
import csv, glob, json, sys
out, seeds = sys.argv[1], sys.argv[2:]
def metrics(name): return json.load(open(glob.glob(f"{out}/{name}-runs/*/metrics.json")[0]))
def auc(m): return f"{m['auc']:.3f} ({m['auc_ci_low']:.3f}–{m['auc_ci_high']:.3f})"
def probabilities(name, column): return [float(r[column]) for r in csv.DictReader(open(f"{out}/{name}-predictions.csv"))]
print("| cohort seed | branch | fp32 test AUC | int8 test AUC | int8 − fp32 | max abs difference in p over all films |")
print("|---|---|---|---|---|---|")
for seed in seeds:
    f, i = metrics(f"fp32-{seed}"), metrics(f"int8-{seed}")
    for branch in ["fused", "image", "clinical"]:
        a, b = f["models"][branch], i["models"][branch]
        column = {"fused": "p_fused", "image": "p_image", "clinical": "p_clinical"}[branch]
        d = max(abs(x - y) for x, y in zip(probabilities(f"fp32-{seed}", column), probabilities(f"int8-{seed}", column)))
        print(f"| {seed} | {branch} | {auc(a)} | {auc(b)} | {round(b['auc'] - a['auc'], 3) + 0.0:+.3f} | {d:.3f} |")
    for variant in ["backbone", "attention"]:
        if variant in f["ablation"] and variant in i["ablation"]:
            a, b = f["ablation"][variant], i["ablation"][variant]
            print(f"| {seed} | ablation: {variant} | {auc(a)} | {auc(b)} | {round(b['auc'] - a['auc'], 3) + 0.0:+.3f} | |")
    print(f"| {seed} | saved image branch | {f['image_selection'].split(':')[0]} | {i['image_selection'].split(':')[0]} | | |")
    print(f"| {seed} | int8 measured | | {i['backbone']['int8_speedup_batch1']}× at batch 1, embedding rel. RMS {i['backbone']['int8_embedding_relative_rms']} | | |")
PY
