#!/usr/bin/env bash
# Live-session memory benchmark: does a server that has run 1,000 live sessions hold more memory than one that has
# run 100? A release `backstep serve` on loopback over a freshly seeded SQLite database runs short simulated live
# sessions one after another for one athlete (start, Start, three samples, Stop, closed; webload.py churn) and
# reads its resident memory (VmRSS) after 100 and after 1,000, each time after waiting longer than the live
# retention plus the sweep interval. The goal: 1,000 within 10 % of 100. Baseline in the same run: the same
# sessions on a server whose retention (a day) keeps every finished session and its message log in memory, as
# the server did before finished sessions were swept.
#
#   Benchmarks/web/live-memory.sh
#
# Settings (environment): BACKSTEP_BENCH_CHECKPOINTS (100,1000), BACKSTEP_BENCH_SPEEDUP (20),
# BACKSTEP_BENCH_SCRATCH (.build-webbench). Everything else lives in a temporary folder removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
checkpoints="${BACKSTEP_BENCH_CHECKPOINTS:-100,1000}"
speedup="${BACKSTEP_BENCH_SPEEDUP:-20}"
scratch="${BACKSTEP_BENCH_SCRATCH:-.build-webbench}"

source Benchmarks/web/common.sh

run() { # retention seconds, output file
    rm -f "$work/live.sqlite"*
    "$bin/web-bench-seed" "$work/live.sqlite" "$work/seed.json" 1 30 1 >&2
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    "$bin/backstep" serve --port "$port" --database "$work/live.sqlite" --log-level error \
        --session-speedup "$speedup" --live-retention "$1" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        "$python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base/health" \
            2>/dev/null && break
        sleep 0.1
    done
    # Settle: longer than the retention plus the sweep's 5 s interval (capped for the day-long baseline).
    settle=$("$python" -c "print(min(float('$1'), 2) + 7)")
    "$python" Benchmarks/web/webload.py churn --base "$base" --config "$work/seed.json" \
        --checkpoints "$checkpoints" --settle "$settle" --server-pid "$server_pid" >"$2"
    stop_server
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== swept: retention 1 s" >&2
run 1 "$work/swept.json"
echo "== baseline: retention one day (every finished session kept)" >&2
run 86400 "$work/kept.json"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$work/server.log" ]; then
    echo "== server log (errors)" >&2
    tail -n 20 "$work/server.log" >&2
fi

"$python" - "$work/swept.json" "$work/kept.json" "$load_before" "$load_after" <<'PY'
import json, os, sys, time
swept, kept = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print()
print("%s, %d cores; load average before %s, after %s" % (time.strftime("%Y-%m-%d"), os.cpu_count(), sys.argv[3], sys.argv[4]))
print()
first = swept["checkpoints"][0]["sessions"]
header = " | ".join("RSS after %d" % c["sessions"] for c in swept["checkpoints"])
print("| server | RSS after warm-up | %s | last ÷ first | run time |" % header)
print("|---|---|%s---|---|" % ("---|" * len(swept["checkpoints"])))
for name, r in (("finished sessions swept (retention 1 s)", swept), ("baseline: every finished session kept", kept)):
    values = " | ".join("%s MB" % c["VmRSS"] for c in r["checkpoints"])
    ratio = r["checkpoints"][-1]["VmRSS"] / r["checkpoints"][0]["VmRSS"]
    print("| %s | %s MB | %s | %.3f | %s s |" % (name, r["after_warmup_mb"].get("VmRSS"), values, ratio, r["seconds"]))
ratio = swept["checkpoints"][-1]["VmRSS"] / swept["checkpoints"][0]["VmRSS"]
print()
print("goal (within 10 %% of the first checkpoint): %s" % ("met" if ratio <= 1.10 else "NOT met"))
PY
