#!/usr/bin/env bash
# Creates .venv (Python >= 3.12) with every independent tool the cross-check tests use:
# the union of CrossCheck/*/requirements.txt. Prints the venv's python path on the last line.
# Used by .ci/run; run it by hand to enable the cross-checks locally.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local candidates=(python3.13 python3.12)
    for c in "${candidates[@]}"; do
        # A pyenv shim exists even when its version is not selected, so check that it really runs.
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys' >/dev/null 2>&1; then command -v "$c"; return 0; fi
    done
    for d in /root/.pyenv/versions/3.13* /root/.pyenv/versions/3.12* "${HOME:-/root}"/.pyenv/versions/3.1[2-9]*; do
        if [ -x "$d/bin/python3" ]; then echo "$d/bin/python3"; return 0; fi
    done
    if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
        command -v python3; return 0
    fi
    return 1
}

if ! PY=$(find_python); then
    echo "setup-crosscheck: no Python 3.12 or newer found (pyftms needs it)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
for req in CrossCheck/*/requirements.txt; do
    [ -e "$req" ] || continue
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
done
echo "$(pwd)/.venv/bin/python"
