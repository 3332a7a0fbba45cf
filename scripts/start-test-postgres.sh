#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the storage tests on 127.0.0.1 and prints its URL on the last line.
#
#   url=$(scripts/start-test-postgres.sh | tail -n 1)
#   BACKSTEP_TEST_POSTGRES_URL="$url" swift test --filter BackstepStorageSQLTests
#
# Reuses the cluster when one from an earlier call is still running. Installs PostgreSQL from Debian's
# packages when no server binaries are found (CI runs as root on a fresh machine). initdb refuses to run as
# root, so as root the cluster belongs to the `postgres` user (created here if missing).
# The server also accepts TLS: a throwaway certificate authority (tls/ca.pem) signs its certificate for localhost and
# 127.0.0.1, and tls/other-ca.pem is an unrelated authority, for the tests of sslmode=verify-ca and verify-full.
# Stop it with: scripts/start-test-postgres.sh --stop
set -euo pipefail

dir="${BACKSTEP_TEST_POSTGRES_DIR:-/tmp/backstep-test-postgres}"
user_name="backstep"

find_bin() {
    local candidate
    for candidate in "$(command -v initdb 2>/dev/null || true)" /usr/local/bin/initdb /usr/lib/postgresql/*/bin/initdb; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            dirname "$candidate"
            return 0
        fi
    done
    return 1
}

if ! bin="$(find_bin)"; then
    echo "PostgreSQL server binaries not found; installing postgresql from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    bin="$(find_bin)" || { echo "error: initdb still not found after installing postgresql" >&2; exit 1; }
fi

as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "$(id -u)" = "0" ] && ! getent passwd postgres >/dev/null; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

if [ "${1:-}" = "--stop" ]; then
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2; fi
    exit 0
fi

if [ -f "$dir/url" ] && [ -f "$dir/tls/ca.pem" ] && [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "PostgreSQL already running in $dir" >&2
    tail -n 1 "$dir/url"
    exit 0
fi

if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true; fi
rm -rf "$dir"
mkdir -p "$dir/tls"
if [ "$(id -u)" = "0" ]; then chown postgres "$dir"; fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

as_owner "$bin/initdb" -D "$dir/data" --username="$user_name" --auth=trust --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# Certificates: a CA, the server's certificate signed by it, and another CA that signed nothing here.
command -v openssl >/dev/null || { apt-get update >&2 && apt-get install -y openssl >&2; }
tls="$dir/tls"
for ca in ca other-ca; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Backstep test $ca" \
        -keyout "$tls/$ca.key" -out "$tls/$ca.pem" 2>/dev/null
done
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/san.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/san.ext" -out "$tls/server.pem" 2>/dev/null
chmod 600 "$tls/server.key"
if [ "$(id -u)" = "0" ]; then chown -R postgres "$tls"; fi
chmod 755 "$tls" && chmod 644 "$tls/ca.pem" "$tls/other-ca.pem"

as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$tls/server.pem -c ssl_key_file=$tls/server.key" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }

url="postgres://$user_name@127.0.0.1:$port/postgres"
echo "$url" >"$dir/url"
echo "$("$bin/postgres" --version) running in $dir" >&2
echo "$url"
