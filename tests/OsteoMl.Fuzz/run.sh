#!/usr/bin/env bash
# Fuzz one OsteoMl parser with AFL++ and SharpFuzz: ./run.sh csv|config|trials|dicom [SECONDS]
# Needs afl++ (apt-get install afl++). Findings land in $FUZZ_OUT/findings-<target>/default/{crashes,hangs};
# reproduce one with the uninstrumented build (the instrumented one needs AFL around it):
#   dotnet build tests/OsteoMl.Fuzz && dotnet tests/OsteoMl.Fuzz/bin/Debug/net10.0/OsteoMl.Fuzz.dll <target> <file>
set -euo pipefail
target=${1:-csv}
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
out=${FUZZ_OUT:-/tmp/osteoml-fuzz}
mkdir -p "$out"
dotnet publish "$here" -c Release -o "$out/bin" --nologo -v quiet
sharpfuzz=$(command -v sharpfuzz || true)
if [[ -z "$sharpfuzz" ]]; then
  [[ -x "$out/tools/sharpfuzz" ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null
  sharpfuzz="$out/tools/sharpfuzz"
fi
# Instrument our parsers and the CSV library they sit on (coverage feedback for AFL).
for dll in OsteoMl.dll Sylvan.Data.Csv.dll; do
  "$sharpfuzz" "$out/bin/$dll" >/dev/null 2>&1 || true   # already instrumented on a rerun
done
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -V "$seconds" -i "$here/corpus/$target" -o "$out/findings-$target" -t 10000 -m none \
  -- dotnet "$out/bin/OsteoMl.Fuzz.dll" "$target" >"$out/afl-$target.log" 2>&1 || true
stats="$out/findings-$target/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$stats"
