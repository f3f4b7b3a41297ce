#!/bin/sh
# A throwaway PostgreSQL cluster on 127.0.0.1 for mocache-bench, as the tests start one.
#
#   bench/postgres-cluster.sh start [PORT]   # prints the URL to give to --db
#   bench/postgres-cluster.sh stop           # stops it and removes its folder
#
# Trust authentication on loopback only (a benchmark's cluster, never a shared server); the server's
# default durability (fsync and synchronous_commit on), as a team's server would run.
# Run as root: the server runs as the `postgres` user (package `postgresql`).
set -eu
STATE=${TMPDIR:-/tmp}/mocache-bench-pg
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
    PORT=${2:-55432}
    mkdir -p "$STATE"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$STATE"; fi
    as_postgres "$BIN/initdb" -A trust -U postgres -E UTF8 --locale=C --no-sync -D "$STATE/data" > /dev/null
    as_postgres "$BIN/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE -c max_connections=200" \
        start > /dev/null
    echo "postgresql://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
    ;;
stop)
    as_postgres "$BIN/pg_ctl" -D "$STATE/data" -m fast -w stop > /dev/null || true
    rm -rf "$STATE"
    ;;
*)
    echo "usage: $0 start [PORT] | stop" >&2
    exit 64
    ;;
esac
