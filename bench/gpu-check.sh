#!/usr/bin/env bash
# GPU check for OsteoMl's -p:OsteoMlGpu=true build, run on an NVIDIA machine without .NET (measured on an H200:
# bench/results/gpu-h200/). How it got there: on the dev machine
#   dotnet publish src/OsteoMl.Cli -c Release -r linux-x64 --self-contained -p:OsteoMlGpu=true -o /tmp/gpu-pub
#   (remove *.pdb *.dbg), tar + zstd -15 --long=27 → 300 MB, split into 42 MB parts in gpu-carry/ beside this
#   script with the zstd binary and its libraries; each part carried in its own call and moved to /tmp on the
#   warm machine, the last call moves them back and runs this script. CUDA 13 + cuDNN 9 come from the machine's
#   Python nvidia/* packages.
set -u
cd "$(dirname "$0")"
cat part?? > pub.tar.zst && rm -f part??
LD_LIBRARY_PATH=$PWD/zstdlib ./zstd -d -q --long=27 pub.tar.zst -o pub.tar && tar xf pub.tar && rm -f pub.tar pub.tar.zst
CLI=$PWD/gpu-pub/OsteoMl.Cli
NV=$(python3 -c "import nvidia, os; print(list(nvidia.__path__)[0])")
export LD_LIBRARY_PATH=$(find "$NV" -name 'lib*.so*' -printf '%h\n' | sort -u | tr '\n' ':')
nvidia-smi -L
echo "== generate (SYNTHETIC, 240 patients)"
$CLI generate --out /tmp/cohort --patients 240 --seed 3 | tail -1
echo "== fallback: a device that does not exist"
$CLI bench perf --data /tmp/cohort --images 16 --no-train --model none --device cuda:7 2>/dev/null | grep -E "warning|batched"
echo "== bench perf cuda (same machine, same process also times the ML.NET CPU path)"
$CLI bench perf --data /tmp/cohort --images 240 --no-train --model none --device cuda --out $OUT/perf-cuda.json 2>&1 | grep -E "images/s|warning"
echo "== bench perf cpu"
$CLI bench perf --data /tmp/cohort --images 240 --no-train --model none --device cpu --out $OUT/perf-cpu.json 2>&1 | grep -E "images/s|warning"
echo "== train on cuda, then predict with cuda and cpu"
start=$(date +%s.%N)
$CLI train --data /tmp/cohort --device cuda --max-trials 10 --out /tmp/m.zip --runs /tmp/runs 2>&1 | grep -E "Search clinical|│ fused|│ image|warning"
echo "train wall $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
$CLI predict --model /tmp/m.zip --data /tmp/cohort --device cuda --out $OUT/pred-cuda.csv 2>&1 | tail -1
$CLI predict --model /tmp/m.zip --data /tmp/cohort --device cpu --out $OUT/pred-cpu.csv 2>&1 | tail -1
python3 - <<'PY'
import csv, os
o = os.environ["OUT"]
a = list(csv.DictReader(open(f"{o}/pred-cuda.csv"))); b = list(csv.DictReader(open(f"{o}/pred-cpu.csv")))
for col in ["p_image", "p_clinical", "p_fused"]:
    d = max(abs(float(x[col]) - float(y[col])) for x, y in zip(a, b))
    print(f"max |cuda - cpu| {col}: {d:.2e}")
print("decisions differ:", sum(x["predicted"] != y["predicted"] for x, y in zip(a, b)), "of", len(a))
PY
