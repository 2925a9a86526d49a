#!/usr/bin/env bash
# The issue-12 storage benchmark (not a test): N generated Chinese text files (~2.8 KB each,
# Benchmarks/storage/generate.py, deterministic), ingested with the release `sluice` into
#   1. JSON Lines only   (--no-store --no-state --jsonl a.jsonl)
#   2. the default store (SQLite sluice.db + state)
#   3. the default store again, nothing changed
# printing wall and CPU seconds, documents per second and the sizes of the outputs (any -wal/-shm
# left beside the store is listed too). Then the query latencies (latency.py) on the store.
#
#   Benchmarks/storage/chinese.sh [FILES] [WORKDIR]      (default 100000, /tmp/sluice-storage-bench)
#
# SLUICE=path overrides the binary (default .build/release/sluice, built when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-100000}
work=${2:-/tmp/sluice-storage-bench}
sluice=$(realpath "${SLUICE:-.build/release/sluice}")
[ -x "$sluice" ] || swift build -c release --product sluice --disable-default-traits >/dev/null
bench=$(realpath Benchmarks/storage)
mkdir -p "$work"
corpus="$work/corpus-$files"
[ -d "$corpus" ] || python3 "$bench/generate.py" "$corpus" "$files"
echo "corpus: $files files, $(du -smL "$corpus" | cut -f1) MB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
out="$work/out"
rm -rf "$out" && mkdir -p "$out" && cd "$out"
run() {
    local label=$1; shift
    /usr/bin/time -f "%e %U %S" -o t.txt "$sluice" ingest "$corpus" --reader text --quiet "$@"
    read -r wall user sys < t.txt
    echo "$wall" > "wall-${label%% *}.txt"
    python3 -c 'import sys; l,f,w,u,s=sys.argv[1:]; f,w,u,s=int(f),float(w),float(u),float(s); print(f"{l:26s} wall {w:7.1f} s  cpu {u+s:7.1f} s  {f/w:8.0f} docs/s (wall)  {f/(u+s):8.0f} docs/cpu-s")' \
        "$label" "$files" "$wall" "$user" "$sys"
}
run "jsonl only" --no-store --no-state --jsonl a.jsonl
run "default (sqlite + state)"
run "re-run, nothing changed"
python3 -c 'import sys; j,d=float(open(sys.argv[1]).read()),float(open(sys.argv[2]).read()); print(f"default / jsonl-only rate = {j/d:.0%} (target: at least 50 %)")' wall-jsonl.txt wall-default.txt
ls -l a.jsonl sluice.db* | awk '{printf "%-14s %8.1f MB\n", $NF, $5/1e6}'
python3 -c 'import os, sys; print("store / jsonl = %.2f" % (os.path.getsize(sys.argv[1]) / os.path.getsize(sys.argv[2])))' sluice.db a.jsonl
python3 "$bench/latency.py" "$sluice" sluice.db 5
