#!/usr/bin/env bash
# GPU check of the wavelet-attention zip (issue 3) on an NVIDIA machine without .NET. How the files got there: on the
# dev machine
#   dotnet publish src/OsteoMl.Cli -c Release -r linux-x64 --self-contained -p:OsteoMlGpu=true -o /tmp/gpu-pub
#   (libtorch's native files removed — predict never loads them — and *.pdb), tar + xz -9 → parts of 42 MB in
#   gpu-carry/, plus a model zip trained here with `train` (default --fine-tune head) in gpu-carry/model.zip.part*;
#   each part carried in its own call and moved to /tmp/chunks; the last call moves them back and runs this script.
#   CUDA 13 + cuDNN 9 come from the machine's Python nvidia/* packages; xz is undone with Python's lzma.
set -u
cd "$(dirname "$0")/../gpu-carry"
mv /tmp/chunks/* . 2>/dev/null
cat pub.part?? > pub.tar.xz && cat model.zip.part?? > model.zip
python3 -c "import lzma, shutil; shutil.copyfileobj(lzma.open('pub.tar.xz'), open('pub.tar', 'wb'))" && tar xf pub.tar && rm -f pub.tar pub.tar.xz pub.part??
CLI=$PWD/gpu-pub/OsteoMl.Cli
NV=$(python3 -c "import nvidia, os; print(list(nvidia.__path__)[0])")
export LD_LIBRARY_PATH=$(find "$NV" -name 'lib*.so*' -printf '%h\n' | sort -u | tr '\n' ':')
nvidia-smi -L
cd ..
echo "== predict sample-data with the attention zip: cuda vs cpu"
$CLI predict --model gpu-carry/model.zip --data sample-data --device cuda --out $OUT/pred-cuda.csv 2>&1 | tail -2
$CLI predict --model gpu-carry/model.zip --data sample-data --device cpu --out $OUT/pred-cpu.csv 2>&1 | tail -1
python3 - <<'PY'
import csv, os
o = os.environ["OUT"]
a = list(csv.DictReader(open(f"{o}/pred-cuda.csv"))); b = list(csv.DictReader(open(f"{o}/pred-cpu.csv")))
for col in ["p_image", "p_clinical", "p_fused"]:
    d = max(abs(float(x[col]) - float(y[col])) for x, y in zip(a, b))
    print(f"max |cuda - cpu| {col}: {d:.2e} over {len(a)} rows")
print("decisions differ:", sum(x["predicted"] != y["predicted"] for x, y in zip(a, b)), "of", len(a))
PY
echo "== single-patient predict latency through the zip, cuda then cpu (same machine)"
$CLI bench perf --data sample-data --images 64 --no-train --model gpu-carry/model.zip --device cuda --out $OUT/perf-cuda.json 2>&1 | grep -iE "latency|p50|images/s|warning"
$CLI bench perf --data sample-data --images 64 --no-train --model gpu-carry/model.zip --device cpu --out $OUT/perf-cpu.json 2>&1 | grep -iE "latency|p50|images/s|warning"
