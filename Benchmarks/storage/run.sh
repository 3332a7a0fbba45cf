#!/usr/bin/env bash
# Storage benchmark: bulk insert of ten years of daily sessions (3,650 × 900 samples ≈ 3.3 million samples) and
# `backstep stats` latency (median of 11 runs of the real command, process start included, interleaved with
# `backstep programs` as the baseline) on SQLite and PostgreSQL. Prints a table.
#
#   Benchmarks/storage/run.sh [sessions] [samples-per-session]
#
# PostgreSQL: uses $BACKSTEP_BENCH_POSTGRES_URL, else starts the throwaway test cluster
# (scripts/start-test-postgres.sh) and creates a fresh database in it; `backstep stats` is timed right after the
# load and again after VACUUM ANALYZE. Set BACKSTEP_BENCH_SKIP_POSTGRES=1 (or …_SKIP_SQLITE=1) to skip an engine.
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

# `backstep stats` on the database, whole process, interleaved with the baseline `backstep programs` (same
# process start and argument parsing, no database): 11 runs each; prints "stats-median baseline-median".
median_stats_ms() {
    local database="$1" times=() base=()
    for _ in 1 2 3 4 5 6 7 8 9 10 11; do
        local t0 t1 t2
        t0=$(date +%s%N)
        "$bin/backstep" programs >/dev/null
        t1=$(date +%s%N)
        "$bin/backstep" stats --database "$database" >/dev/null
        t2=$(date +%s%N)
        base+=($(((t1 - t0) / 1000000)))
        times+=($(((t2 - t1) / 1000000)))
    done
    echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p) $(printf '%s\n' "${base[@]}" | sort -n | sed -n 6p)"
}

rows=()
run_engine() {
    local name="$1" database="$2" out
    echo "== $name: inserting $sessions sessions × $samples samples" >&2
    out="$("$bin/storage-bench" "$database" "$sessions" "$samples")"
    echo "$out" >&2
    local rate insert inproc from_rows cached cli base
    rate=$(echo "$out" | sed -n 's/.*samples_per_second=\([0-9]*\).*/\1/p')
    insert=$(echo "$out" | sed -n 's/.*insert_seconds=\([0-9.]*\).*/\1/p')
    inproc=$(echo "$out" | sed -n 's/.*stats_in_process_median_ms=\([0-9.]*\).*/\1/p')
    from_rows=$(echo "$out" | sed -n 's/.*stats_from_rows_median_ms=\([0-9.]*\).*/\1/p')
    cached=$(echo "$out" | sed -n 's/.*stats_cached_median_ms=\([0-9.]*\).*/\1/p')
    read -r cli base <<<"$(median_stats_ms "$database")"
    if [ -n "${vacuum_psql:-}" ]; then
        # Right after a bulk load autovacuum has not visited the table yet, so PostgreSQL cannot use index-only
        # scans; measure again after the VACUUM ANALYZE it would run within minutes.
        "$vacuum_psql" "$database" -qc "VACUUM ANALYZE" >&2
        local vacuumed vacuumed_base
        read -r vacuumed vacuumed_base <<<"$(median_stats_ms "$database")"
        cli="$cli ($vacuumed vacuumed)"
        base="$base ($vacuumed_base)"
    fi
    rows+=("$(printf '| %-10s | %9s | %10s | %12s | %21s | %14s | %11s | %19s | %13s |' "$name" "$((sessions * samples))" \
        "$insert" "$rate" "$inproc" "$from_rows" "$cached" "$cli" "$base")")
}

if [ "${BACKSTEP_BENCH_SKIP_SQLITE:-0}" != "1" ]; then
    run_engine sqlite "$work/bench.sqlite"
fi

if [ "${BACKSTEP_BENCH_SKIP_POSTGRES:-0}" != "1" ]; then
    base="${BACKSTEP_BENCH_POSTGRES_URL:-$(scripts/start-test-postgres.sh | tail -n 1)}"
    db="backstep_bench_$$"
    admin_psql="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | head -n 1 || true)"
    if [ -n "$admin_psql" ]; then
        "$admin_psql" "$base" -qc "CREATE DATABASE $db" >&2
        vacuum_psql="$admin_psql" run_engine postgresql "${base%/*}/$db"
        "$admin_psql" "$base" -qc "DROP DATABASE $db WITH (FORCE)" >&2 || true
    else
        echo "psql not found; benchmarking PostgreSQL in the URL's own database" >&2
        run_engine postgresql "$base"
    fi
fi

echo
echo "In-process: statistics from the digest computed in the database, against the same statistics computed in"
echo "Swift from one summary row per session (the way before the digest), and from the store's cache (SQLite)."
echo "Whole process: \`backstep stats\` against"
echo "\`backstep programs\` (no database), 11 interleaved runs, medians."
echo
echo "| engine     |   samples | insert (s) |    samples/s | stats in-process (ms) | from rows (ms) | cached (ms) | backstep stats (ms) | baseline (ms) |"
echo "|------------|-----------|------------|--------------|-----------------------|----------------|-------------|---------------------|---------------|"
printf '%s\n' "${rows[@]}"
