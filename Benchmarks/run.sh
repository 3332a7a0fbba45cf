#!/usr/bin/env bash
# Backstep benchmarks. Builds release binaries, then prints medians and same-run ratios.
#   Cold start: `backstep plan …` against `backstep --version` (process start and argument parsing only; --no-save, so no database is opened).
#   In-process: a 52-week plan, a 1-week plan, the plan with its JSON, and one energy estimate.
# Usage: Benchmarks/run.sh [runs]    (default 40 cold-start runs)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-40}"
swift build -c release --product backstep >/dev/null
swift build -c release --product backstep-bench >/dev/null
BIN="$(swift build -c release --show-bin-path)"

python3 - "$BIN/backstep" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
def timed(args):
    samples = []
    for _ in range(3):
        subprocess.run([binary] + args, stdout=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary] + args, stdout=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), sorted(samples)[int(0.9 * (len(samples) - 1))]
baseline = timed(["--version"])
plan = timed(["plan", "--age", "40", "--mass", "75", "--goal", "fitness", "--weeks", "12", "--screening", "clear", "--no-save"])
plan52 = timed(["plan", "--age", "40", "--mass", "75", "--goal", "strength", "--weeks", "52", "--days", "5", "--json", "--no-save"])
print("Cold start (%d runs each), milliseconds:" % runs)
print("| command | median | p90 | ratio to --version |")
print("|---|---|---|---|")
for name, (median, p90) in [("backstep --version (baseline)", baseline), ("backstep plan (12 weeks, text)", plan), ("backstep plan (52 weeks, JSON)", plan52)]:
    print("| %s | %.1f | %.1f | %.2f |" % (name, median, p90, median / baseline[0]))
PY
echo
echo "In-process (release build, medians in nanoseconds):"
"$BIN/backstep-bench" 100 60
