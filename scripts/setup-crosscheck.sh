#!/usr/bin/env bash
# Creates .venv (Python >= 3.12) with every independent tool the cross-check and browser tests use:
# the union of CrossCheck/*/requirements.txt and Tests/e2e/requirements.txt. Prints the venv's python path on the last line.
# Used by .ci/run; run it by hand to enable the cross-checks locally.
set -euo pipefail
cd "$(dirname "$0")/.."

# A candidate counts only if it actually runs and is 3.12 or newer (pyenv shims can exist without a version).
usable() {
    "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidates=()
    for name in python3.13 python3.12 python3; do
        if command -v "$name" >/dev/null 2>&1; then candidates+=("$(command -v "$name")"); fi
    done
    for d in "${HOME:-/root}"/.pyenv/versions/3.1[2-9]* /root/.pyenv/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
        for exe in "$d/bin/python3" "$d/python3.12" "$d/python3.13"; do
            [ -x "$exe" ] && candidates+=("$exe")
        done
    done
    for c in "${candidates[@]}"; do
        if usable "$c"; then echo "$c"; return 0; fi
    done
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
for req in CrossCheck/*/requirements.txt Tests/e2e/requirements.txt; do
    [ -e "$req" ] || continue
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
done
echo "$(pwd)/.venv/bin/python"
