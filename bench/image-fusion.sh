#!/usr/bin/env bash
# Image/fusion benchmark: generated 1780-patient cohorts (site A) with seeds fixed before any tuning, `train` with
# seed 1 and the default pipeline, then one Markdown table of every variant's test AUC, the saved choices and the
# simulator's Bayes ceiling, from each run's metrics.json.
# usage: bench/image-fusion.sh OUTDIR SEED...   (about 2 min per cohort on 2 cores)
# OSTEOML_CLI overrides how the CLI is started, e.g. "dotnet /tmp/head/OsteoMl.Cli.dll" to compare two builds.
# OSTEOML_SIMULATOR (default 1) is the `generate --simulator` version: 1 regenerates the cohorts every committed table
# in bench/results was measured on. OSTEOML_SIZE (default 256) is `generate --size`: e.g. 1024 for films at a realistic
# pixel spacing (16-bit, 0.42 mm; about 4 GB of films per 1780-patient cohort).
set -euo pipefail
out=$1; shift
mkdir -p "$out"
cli=${OSTEOML_CLI:-"dotnet run --project src/OsteoMl.Cli -c Release --"}
simulator=${OSTEOML_SIMULATOR:-1}
size=${OSTEOML_SIZE:-256}
for seed in "$@"; do
  cohort="$out/cohort-$seed"
  [ -f "$cohort/cohort.csv" ] || $cli generate --out "$cohort" --patients 1780 --seed "$seed" \
    --simulator "$simulator" --size "$size" > "$out/generate-$seed.log"
  /usr/bin/time -v $cli train --data "$cohort" --seed 1 --out "$out/model-$seed.zip" --runs "$out/runs-$seed" \
    > "$out/train-$seed.log" 2> "$out/time-$seed.log"
done
python3 - "$out" "$@" <<'PY'
import glob, json, sys
out, seeds = sys.argv[1], sys.argv[2:]
def auc(m): return f"{m['auc']:.3f} ({m['auc_ci_low']:.3f}–{m['auc_ci_high']:.3f})"
print("| cohort seed | fused | image (saved) | clinical | logistic | backbone | + wavelet | + attention | image branch saved | fusion rule | fused vs image p | ceiling film / clinical / both |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for seed in seeds:
    m = json.load(open(glob.glob(f"{out}/runs-{seed}/*/metrics.json")[0]))
    models, ablation, c = m["models"], m["ablation"], m.get("bayes_ceiling") or {}
    saved = "attention network" if (m.get("image_selection") or "").startswith("wavelet") else "frozen backbone"
    p = m["tests"].get("fused_vs_image", {}).get("delong_p")
    print(f"| {seed} | {auc(models['fused'])} | {auc(models['image'])} | {auc(models['clinical'])} | {auc(models['logistic'])} "
          f"| {auc(ablation['backbone'])} | {auc(ablation['wavelet'])} | {auc(ablation['attention'])} | {saved} | {m['fusion']} "
          f"| {p} | {c.get('film', float('nan')):.3f} / {c.get('clinical', float('nan')):.3f} / {c.get('both', float('nan')):.3f} |")
# The image branch alone: what the attention network adds on test, what the selection saw on the training folds, how
# close the saved image branch comes to the film's ceiling, and any network dropped on a non-finite value.
import re, statistics as st
print()
print("| cohort seed | attention − backbone (test AUC) | out-of-fold: network vs backbone | saved image / film ceiling | networks dropped |")
print("|---|---|---|---|---|")
diffs = []
for seed in seeds:
    m = json.load(open(glob.glob(f"{out}/runs-{seed}/*/metrics.json")[0]))
    ablation, film = m["ablation"], (m.get("bayes_ceiling") or {}).get("film", float("nan"))
    d = ablation["attention"]["auc"] - ablation["backbone"]["auc"]
    diffs.append(d)
    oof = re.search(r"network ([0-9.]+) vs backbone ([0-9.]+)", m.get("image_selection") or "")
    dropped = "; ".join(x["reason"] for x in m.get("image_networks_dropped", [])) or "none"
    print(f"| {seed} | {d:+.4f} | {oof.group(1) + ' vs ' + oof.group(2) if oof else '—'} "
          f"| {m['models']['image']['auc'] / film:.3f} | {dropped} |")
if len(diffs) > 1:
    t = st.mean(diffs) / (st.stdev(diffs) / len(diffs) ** 0.5)
    print(f"\nattention − backbone: mean {st.mean(diffs):+.4f}, sd {st.stdev(diffs):.4f}, paired t {t:.2f} ({len(diffs) - 1} df)")
# The pooled test fixed in bench/results/image-branch-plan.md: each cohort's paired DeLong test of the attention network
# against the frozen backbone on the same test films, its two-sided p turned back into a signed z, pooled by Stouffer.
# Then how close the saved branches come to the simulator's ceilings, the film grid, train time and peak memory.
normal = st.NormalDist()
zs = []
print()
print("| cohort seed | film grid | attention vs backbone: DeLong p, z | saved image / film ceiling | fused / fused ceiling | train wall | peak RSS |")
print("|---|---|---|---|---|---|---|")
for seed, d in zip(seeds, diffs):
    m = json.load(open(glob.glob(f"{out}/runs-{seed}/*/metrics.json")[0]))
    p = m["ablation"]["attention"]["p_vs_backbone"]
    z = (1 if d >= 0 else -1) * normal.inv_cdf(1 - max(p, 1e-300) / 2)
    zs.append(z)
    c = m.get("bayes_ceiling") or {}
    grid = m.get("film_grid", {}).get("side", 224)
    time_log = open(f"{out}/time-{seed}.log").read() if glob.glob(f"{out}/time-{seed}.log") else ""
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", time_log)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_log)
    peak = f"{int(rss.group(1)) / 1024 ** 2:.2f} GB" if rss else "—"
    # Four decimals: the issue's target is 0.99, and 0.9895 must not print as 0.990.
    print(f"| {seed} | {grid} | {p:.3f}, {z:+.2f} | {m['models']['image']['auc'] / c.get('film', float('nan')):.4f} "
          f"| {m['models']['fused']['auc'] / c.get('both', float('nan')):.4f} | {wall.group(1) if wall else '—'} | {peak} |")
if zs:
    pooled = sum(zs) / len(zs) ** 0.5
    print(f"\nStouffer pooled z {pooled:+.2f} over {len(zs)} cohorts, two-sided p {2 * (1 - normal.cdf(abs(pooled))):.4f}")
# Calibration of the saved fused probability on the test split. The map σ(a + b · logit p) is fitted on the training
# rows' out-of-fold fused predictions; the rule's own test slope is b × the saved one (a logistic fit is invariant to
# an affine change of its covariate), so one run gives both.
print()
print("| cohort seed | fusion rule | map a, b (out-of-fold) | test slope: rule → saved | test intercept | test ECE | within 0.8–1.25 |")
print("|---|---|---|---|---|---|---|")
slopes = []
for seed in seeds:
    m = json.load(open(glob.glob(f"{out}/runs-{seed}/*/metrics.json")[0]))
    fused, cal = m["models"]["fused"], m.get("fused_calibration")
    if cal is None:
        print(f"| {seed} | {m['fusion']} | not calibrated | {fused['calibration_slope']:.2f} | {fused['calibration_intercept']:+.2f} | {fused['ece']:.3f} | {'yes' if 0.8 <= fused['calibration_slope'] <= 1.25 else 'no'} |")
        continue
    slopes.append(fused["calibration_slope"])
    print(f"| {seed} | {m['fusion']} | {cal['intercept']:+.2f}, {cal['slope']:.2f} | {cal['slope'] * fused['calibration_slope']:.2f} → {fused['calibration_slope']:.2f} "
          f"| {fused['calibration_intercept']:+.2f} | {fused['ece']:.3f} | {'yes' if 0.8 <= fused['calibration_slope'] <= 1.25 else 'no'} |")
if slopes:
    print(f"\nsaved fused test slope: mean {st.mean(slopes):.2f}, range {min(slopes):.2f}–{max(slopes):.2f}")
PY
