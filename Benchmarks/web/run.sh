#!/usr/bin/env bash
# Web app benchmark, on loopback against a release `backstep serve` and a freshly seeded SQLite database:
#   1. The dashboard at a constant 200 requests/s for an athlete with five years of daily sessions (1 Hz samples,
#      feedback, profile, plan, assessments), signed in through the real sign-in form; baseline: /health with the
#      same session cookie at the same rate, in the same run. Open-loop client, latency from the intended send time.
#   2. 500 live sessions at once (one per athlete: the server runs one per user), Bluetooth mode, each relaying one
#      treadmill sample a second over its WebSocket: sample-to-acknowledgement latency, server CPU and resident
#      memory, every sample acknowledged and every session closed.
#
#   Benchmarks/web/run.sh
#
# Settings (environment): BACKSTEP_BENCH_RATE (200), BACKSTEP_BENCH_HTTP_SECONDS (30), BACKSTEP_BENCH_SESSIONS
# (500), BACKSTEP_BENCH_LIVE_SECONDS (60), BACKSTEP_BENCH_DAYS (1826), BACKSTEP_BENCH_SAMPLES (900 a session),
# BACKSTEP_BENCH_SCRATCH (.build-webbench), BACKSTEP_BENCH_SERVER (another `backstep` binary to serve, e.g. an
# earlier build for a before/after comparison; seeding and the client stay the same). The load client is Benchmarks/web/webload.py (aiohttp), in a venv this
# script makes under the scratch folder. Safe to rerun: everything else lives in a temporary folder that is
# removed, with the server, on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${BACKSTEP_BENCH_RATE:-200}"
http_seconds="${BACKSTEP_BENCH_HTTP_SECONDS:-30}"
sessions="${BACKSTEP_BENCH_SESSIONS:-500}"
live_seconds="${BACKSTEP_BENCH_LIVE_SECONDS:-60}"
days="${BACKSTEP_BENCH_DAYS:-1826}"
samples="${BACKSTEP_BENCH_SAMPLES:-900}"
scratch="${BACKSTEP_BENCH_SCRATCH:-.build-webbench}"

source Benchmarks/web/common.sh
server_bin="${BACKSTEP_BENCH_SERVER:-$bin/backstep}"
ulimit -n 16384 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "== seeding $days days × $samples samples and $sessions live athletes" >&2
"$bin/web-bench-seed" "$work/web.sqlite" "$work/seed.json" "$days" "$samples" "$sessions" >&2

start_server() {
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    "$server_bin" serve --port "$port" --database "$work/web.sqlite" --log-level error >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        if "$python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base/health" \
            2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "the server did not start; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== dashboard and baseline at $rate requests/s for $http_seconds s each" >&2
start_server
"$python" Benchmarks/web/webload.py http --base "$base" --config "$work/seed.json" --rate "$rate" \
    --duration "$http_seconds" /health /dashboard >"$work/http.jsonl"
cat "$work/http.jsonl" >&2
stop_server

echo "== $sessions live sessions, one sample a second each, for $live_seconds s" >&2
start_server
"$python" Benchmarks/web/webload.py live --base "$base" --config "$work/seed.json" --sessions "$sessions" \
    --duration "$live_seconds" --server-pid "$server_pid" >"$work/live.json"
cat "$work/live.json" >&2
stop_server
# What the server stored of the live sessions (the recorder writes every engine sample as it comes).
"$python" - "$work/web.sqlite" >"$work/stored.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
sessions, stopped = db.execute(
    "SELECT COUNT(*), SUM(p.status = 'stopped') FROM performed_session p JOIN account a ON a.user_id = p.user_id"
    " WHERE a.email LIKE 'live%'").fetchone()
samples = db.execute(
    "SELECT COUNT(*) FROM session_sample s JOIN performed_session p ON p.id = s.session_id"
    " JOIN account a ON a.user_id = p.user_id WHERE a.email LIKE 'live%'").fetchone()[0]
print(json.dumps({"sessions": sessions, "stopped": stopped or 0, "samples": samples}))
PY
cat "$work/stored.json" >&2
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$work/server.log" ]; then
    echo "== server log (errors)" >&2
    tail -n 20 "$work/server.log" >&2
fi

"$python" - "$work/http.jsonl" "$work/live.json" "$load_before" "$load_after" "$days" "$work/stored.json" <<'PY'
import json, os, platform, sys, time
http = [json.loads(line) for line in open(sys.argv[1])]
live = json.load(open(sys.argv[2]))
load_before, load_after, days = sys.argv[3], sys.argv[4], sys.argv[5]
stored = json.load(open(sys.argv[6]))
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print()
print("%s, %d cores (%s), %s; load average before %s, after %s" % (
    time.strftime("%Y-%m-%d"), os.cpu_count(), model, platform.platform(terse=True), load_before, load_after))
print()
print("| route (%s days of history) | rate sent → achieved | p50 | p90 | p99 | max | p99 ÷ baseline | errors | closed-loop capacity |" % days)
print("|---|---|---|---|---|---|---|---|---|")
base = next(r for r in http if r["path"] == "/health")
def ms(value):
    return "–" if value is None else "%s ms" % value
for r in http:
    ratio = "%.2f×" % (r["p99"] / base["p99"]) if r["p99"] and base["p99"] else "–"
    bad = sum(r["errors"].values()) + sum(v for k, v in r["statuses"].items() if k != "200")
    errors = "%d of %d (%s)" % (bad, r["sent"], ", ".join("%s %d" % kv for kv in r["errors"].items())) if bad else "0"
    print("| GET %s%s | %g → %g/s | %s | %s | %s | %s | %s | %s | %s/s (%d connections) |" % (
        r["path"], " (baseline)" if r is base else "", r["target_rate"], r["achieved_rate"], ms(r["p50"]),
        ms(r["p90"]), ms(r["p99"]), ms(r["max"]), ratio, errors, r["closed_loop_capacity"],
        r["closed_loop_connections"]))
a = live["ack"]
print()
print("| live sessions | samples/s | ack p50 | ack p90 | ack p99 | ack max | unacked | closed | server CPU | RSS before → during (peak) | client CPU |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
print("| %d of %d | %s | %s ms | %s ms | %s ms | %s ms | %d of %d | %d | %s %% of a core | %s → %s MB (HWM %s MB) | %s %% |" % (
    live["connected"], live["sessions"], live["sample_rate"], a["p50"], a["p90"], a["p99"], a["max"],
    live["unacked_in_window"], live["samples_sent_in_window"], live["closed"],
    live["server_cpu_percent_of_one_core"], live["memory_before_mb"].get("VmRSS"),
    live["memory_during_mb"]["VmRSS_peak"], live["memory_during_mb"]["VmHWM"],
    live["client_cpu_percent_of_one_core"]))
print()
print("stored by the server: %d live sessions (%d stopped by the client's stop), %d samples" % (
    stored["sessions"], stored["stopped"], stored["samples"]))
if live["errors"]:
    print()
    print("errors: %s" % json.dumps(live["errors"]))
PY
