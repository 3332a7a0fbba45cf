#!/usr/bin/env bash
# FIT decoding throughput: FITCodec (release build) vs garmin-fit-sdk and fitdecode, in the same run.
#
#   Benchmarks/fit/run.sh [corpus megabytes, default 60] [python subset megabytes, default 4]
#
# Builds fit-bench in release mode (through the `fit-bench` product when Package.swift declares it, otherwise
# straight with swiftc), generates a corpus of 1-hour 1 Hz treadmill activity files under .build-fit-bench/,
# times our decoder over the whole corpus (median of 5 runs) and each Python decoder over a subset (median of
# 3 runs), and prints a table in MB/s with the ratios. Python comes from BACKSTEP_PYTHON or .venv
# (scripts/setup-crosscheck.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
MB=${1:-60}
SUBSET_MB=${2:-4}
OUT=.build-fit-bench
mkdir -p "$OUT"

if grep -q '"fit-bench"' Package.swift; then
    swift build -c release --scratch-path .build-fit-release --product fit-bench >&2
    BENCH=$(swift build -c release --scratch-path .build-fit-release --show-bin-path)/fit-bench
else
    echo "Package.swift has no fit-bench target; building with swiftc" >&2
    swiftc -O -wmo -parse-as-library -module-name FITCodec -emit-module -emit-module-path "$OUT/FITCodec.swiftmodule" \
        -emit-library -static -o "$OUT/libFITCodec.a" Sources/FITCodec/*.swift Sources/FITCodec/Profile/*.swift
    swiftc -O -I "$OUT" -L "$OUT" -lFITCodec Benchmarks/fit/Sources/main.swift -o "$OUT/fit-bench"
    BENCH=$OUT/fit-bench
fi

CORPUS=$OUT/corpus-$MB
if [ ! -d "$CORPUS" ]; then
    "$BENCH" generate "$CORPUS" "$MB" >&2
fi
FILES=("$CORPUS"/*.fit)
FILE_BYTES=$(stat -c %s "${FILES[0]}")
SUBSET_COUNT=$(( SUBSET_MB * 1000000 / FILE_BYTES ))
[ "$SUBSET_COUNT" -ge 1 ] || SUBSET_COUNT=1
SUBSET=("${FILES[@]:0:$SUBSET_COUNT}")

PY=${BACKSTEP_PYTHON:-.venv/bin/python}
ours=$("$BENCH" decode 5 "${FILES[@]}")
garmin=$("$PY" Benchmarks/fit/bench_python.py garmin-fit-sdk 3 "${SUBSET[@]}")
fitdecode=$("$PY" Benchmarks/fit/bench_python.py fitdecode 3 "${SUBSET[@]}")

"$PY" - "$ours" "$garmin" "$fitdecode" <<'PYEOF'
import json, sys
rows = [json.loads(a) for a in sys.argv[1:]]
ours = rows[0]["mb_per_s"]
print(f"{'decoder':<16}{'corpus MB':>11}{'messages':>11}{'MB/s':>10}{'FITCodec is':>14}")
for row in rows:
    ratio = ours / row["mb_per_s"]
    print(f"{row['tool']:<16}{row['bytes'] / 1e6:>11.1f}{row['messages']:>11}{row['mb_per_s']:>10.2f}{ratio:>13.0f}x")
PYEOF
