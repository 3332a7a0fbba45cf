# Sourced by the web benchmarks (run.sh, live-memory.sh) from the package root, with `scratch` set: builds the
# release `backstep` and `web-bench-seed`, makes the load client's venv (aiohttp) under the scratch folder, and
# gives a temporary folder `work` that is removed, with the server `server_pid` names, on exit.
swift build -c release --scratch-path "$scratch" --product backstep >&2
swift build -c release --scratch-path "$scratch" --product web-bench-seed >&2
bin="$scratch/release"

venv="$scratch/web-bench-venv"
if ! "$venv/bin/python" -c "import aiohttp" 2>/dev/null; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet "aiohttp>=3.9,<4" >&2
fi
python="$venv/bin/python"

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap 'stop_server; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# A free loopback port.
free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
