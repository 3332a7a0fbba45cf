#!/usr/bin/env bash
# Storage benchmark: bulk insert of ten years of daily sessions (3,650 × 900 samples ≈ 3.3 million samples) and
# `backstep stats` latency (median of 7 runs of the real command, process start included) on SQLite and
# PostgreSQL. Prints a table.
#
#   Benchmarks/storage/run.sh [sessions] [samples-per-session]
#
# PostgreSQL: uses $BACKSTEP_BENCH_POSTGRES_URL, else starts the throwaway test cluster
# (scripts/start-test-postgres.sh) and creates a fresh database in it. Set BACKSTEP_BENCH_SKIP_POSTGRES=1 to skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
sessions="${1:-3650}"
samples="${2:-900}"
scratch="${BACKSTEP_BENCH_SCRATCH:-.build-storage}"

swift build -c release --scratch-path "$scratch" --product storage-bench >&2
swift build -c release --scratch-path "$scratch" --product backstep >&2
bin="$scratch/release"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median_stats_ms() {
    local database="$1" times=()
    for _ in 1 2 3 4 5 6 7; do
        local t0 t1
        t0=$(date +%s%N)
        "$bin/backstep" stats --database "$database" >/dev/null
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 4p
}

rows=()
run_engine() {
    local name="$1" database="$2" out
    echo "== $name: inserting $sessions sessions × $samples samples" >&2
    out="$("$bin/storage-bench" "$database" "$sessions" "$samples")"
    echo "$out" >&2
    local rate insert inproc cli
    rate=$(echo "$out" | sed -n 's/.*samples_per_second=\([0-9]*\).*/\1/p')
    insert=$(echo "$out" | sed -n 's/.*insert_seconds=\([0-9.]*\).*/\1/p')
    inproc=$(echo "$out" | sed -n 's/.*stats_in_process_median_ms=\([0-9.]*\).*/\1/p')
    cli=$(median_stats_ms "$database")
    rows+=("$(printf '| %-10s | %9s | %10s | %12s | %22s | %21s |' "$name" "$((sessions * samples))" "$insert" "$rate" "$inproc" "$cli")")
}

run_engine sqlite "$work/bench.sqlite"

if [ "${BACKSTEP_BENCH_SKIP_POSTGRES:-0}" != "1" ]; then
    base="${BACKSTEP_BENCH_POSTGRES_URL:-$(scripts/start-test-postgres.sh | tail -n 1)}"
    db="backstep_bench_$$"
    admin_psql="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -n 1 || true)"
    if [ -n "$admin_psql" ]; then
        "$admin_psql" "$base" -qc "CREATE DATABASE $db" >&2
        run_engine postgresql "${base%/*}/$db"
        "$admin_psql" "$base" -qc "DROP DATABASE $db WITH (FORCE)" >&2 || true
    else
        echo "psql not found; benchmarking PostgreSQL in the URL's own database" >&2
        run_engine postgresql "$base"
    fi
fi

echo
echo "| engine     |   samples | insert (s) |    samples/s | stats in-process (ms) | backstep stats (ms) |"
echo "|------------|-----------|------------|--------------|------------------------|---------------------|"
printf '%s\n' "${rows[@]}"
