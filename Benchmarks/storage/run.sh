#!/usr/bin/env bash
# Storage benchmark (not a test): documents per second of `sluice ingest` on the same generated
# corpus into JSON Lines only, into SQLite, and into PostgreSQL, so that the cost of each store is
# visible next to the rest of the pipeline (reading, decoding, normalizing).
#
#   Benchmarks/storage/run.sh [FILES] [BYTES_PER_FILE] [REPEATS]
#
# Uses the release binary (builds it when missing), starts a throwaway PostgreSQL server with
# .ci/postgres.sh (default settings, fsync on), and prints one line per store with the median
# over REPEATS runs. SLUICE=path overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-2000}
bytes=${2:-4000}
repeats=${3:-3}
sluice=${SLUICE:-.build/release/sluice}
[ -x "$sluice" ] || swift build -c release --product sluice >/dev/null
work=$(mktemp -d)
chmod 755 "$work"   # the postgres user must reach the server folder inside it
trap '.ci/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

python3 - "$work/corpus" "$files" "$bytes" <<'PY'
import os, sys, random
root, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root)
rng = random.Random(42)
zh = "云计算平台数据安全研发效率规划部门目标技术布局客户服务产品经理项目管理质量提升协同创新"
en = "storage search trigram index worker claim lease batch upsert document pipeline".split()
for i in range(n):
    title = f"第{i}号报告 Report {i}\n\n"
    body = []
    while sum(len(p.encode()) for p in body) < size:
        s = "".join(rng.choice(zh) for _ in range(rng.randint(20, 60)))
        e = " ".join(rng.choice(en) for _ in range(rng.randint(5, 15)))
        body.append(f"{s}。{e}.\n\n")
    open(os.path.join(root, f"doc{i:06d}.txt"), "w", encoding="utf-8").write(title + "".join(body))
PY

eval "$(.ci/postgres.sh start "$work/pg")"
corpus_mb=$(du -sm "$work/corpus" | cut -f1)
echo "corpus: $files files of ~$bytes bytes (${corpus_mb} MB), $(nproc) cores; median of $repeats runs"

rate() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["pipelines"][0]; print(r["totals"]["documents"], r["wall_seconds"])' "$1"; }
measure() {
    local label=$1; shift
    local results=()
    for i in $(seq "$repeats"); do
        rm -f "$work"/b.db* "$work"/b.jsonl
        [ "$label" = "postgres" ] && psql -X -q "$DATABASE_URL" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public" 2>/dev/null
        "$sluice" ingest "$work/corpus" --quiet --report "$work/r.json" "$@"
        results+=("$(rate "$work/r.json")")
    done
    printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
label = sys.argv[1]
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
docs = int(rows[0][0]); secs = statistics.median(r[1] for r in rows)
print(f"{label:28s} {docs:6d} docs  {secs:7.3f} s  {docs/secs:9.1f} docs/s")' "$label"
}

measure "jsonl (file)"              --no-store --jsonl "$work/b.jsonl"
measure "sqlite"                    --sqlite "$work/b.db"
# Re-runs on a kept store: incremental (the default: every input unchanged, nothing read) and
# --full (every input read again, every document an upsert over itself).
rm -rf "$work"/b.db* "$work/.sluice"; "$sluice" ingest "$work/corpus" --quiet --sqlite "$work/b.db"
for mode in incremental full; do
    flag=(); [ "$mode" = full ] && flag=(--full)
    for i in $(seq "$repeats"); do "$sluice" ingest "$work/corpus" --quiet --sqlite "$work/b.db" "${flag[@]}" --report "$work/r$i.json"; done
    python3 - "$work" "$repeats" "$mode" <<'PY'
import json, sys, statistics
w, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [json.load(open(f"{w}/r{i}.json"))["pipelines"][0] for i in range(1, n + 1)]
inputs = rows[0]["totals"]["inputs"]; secs = statistics.median(r["wall_seconds"] for r in rows)
label = "sqlite re-run, unchanged" if mode == "incremental" else "sqlite re-run --full"
print(f"{label:28s} {inputs:6d} inputs {secs:7.3f} s  {inputs/secs:9.1f} inputs/s")
PY
done
measure "postgres"                  --no-store --postgres "$DATABASE_URL"
measure "sqlite + jsonl"            --sqlite "$work/b.db" --jsonl "$work/b.jsonl"
echo "db sizes: sqlite $(du -sh "$work/b.db" | cut -f1) (after the last run)"
