#!/usr/bin/env bash
# PostgreSQL query latency (a benchmark, not a test): generates FILES Chinese text files
# (generate.py, deterministic), starts a throwaway PostgreSQL server (.ci/postgres.sh), ingests
# them with `sluice ingest DIR --reader text --no-store --no-state --postgres URL`, runs VACUUM
# ANALYZE, then pg-latency.py (variants of the search statement on the same data, by default the
# search before bounded ranking against the search as it is now; VARIANTS= picks others).
#
#   Benchmarks/storage/pg-latency.sh [FILES] [WORKDIR]      (default 20000, /tmp/sluice-pg-latency)
#
# SLUICE=path picks the binary; it must be built with `--traits Postgres` (default
# .build/debug/sluice: the server does the searching, the build only changes the ingest time).
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-20000}
work=${2:-/tmp/sluice-pg-latency}
sluice=$(realpath "${SLUICE:-.build/debug/sluice}")
bench=$(realpath Benchmarks/storage)
mkdir -p "$work" && chmod 755 "$work"
corpus="$work/corpus-$files"
[ -d "$corpus" ] || python3 "$bench/generate.py" "$corpus" "$files"
trap '.ci/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true' EXIT
eval "$(.ci/postgres.sh start "$work/pg")"
echo "corpus: $files files, $(du -smL "$corpus" | cut -f1) MB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "ingest: %e s wall" "$sluice" ingest "$corpus" --reader text --quiet --no-store --no-state --postgres "$DATABASE_URL"
psql -X -q "$DATABASE_URL" -c "VACUUM ANALYZE search_entries"
psql -X -A -t "$DATABASE_URL" -c "SELECT 'table ' || pg_size_pretty(pg_table_size('search_entries')) || ', trigram index ' || pg_size_pretty(pg_relation_size('search_entries_trgm')) || ', terms index ' || pg_size_pretty(pg_relation_size('search_entries_terms'))"
python3 "$bench/pg-latency.py" "$DATABASE_URL" "${REPEATS:-5}"
