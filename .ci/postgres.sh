#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for Sluice's tests and benchmarks.
#
#   .ci/postgres.sh install          install the Debian server package when initdb is missing
#   .ci/postgres.sh start DIR        initdb into DIR (as the postgres user when run as root), start
#                                    on a free local port; prints `export DATABASE_URL=...`
#   .ci/postgres.sh stop DIR         stop the server and remove DIR
#
# PG_OPTIONS adds server options (such as "-c fsync=off").
# The Swift tests (Tests/SluicePostgresSinkTests) start their own servers the same way; this
# script is for CI set-up checks, the benchmark and trying things by hand.
set -euo pipefail

pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$d" ] && command -v pg_config >/dev/null; then d=$(pg_config --bindir); fi
    echo "$d"
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
install)
    if [ ! -x "$(pg_bin)/initdb" ]; then
        apt-get install -y --no-install-recommends postgresql postgresql-contrib >/dev/null
    fi
    ;;
start)
    dir=${2:?usage: postgres.sh start DIR}
    bin=$(pg_bin)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    port=$(free_port)
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}" start >/dev/null
    echo "$port" > "$dir/port"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    ;;
stop)
    dir=${2:?usage: postgres.sh stop DIR}
    if [ -d "$dir/data" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
