#!/usr/bin/env python3
"""Query latency of `sluice search` on a store (a benchmark, not a test).

    latency.py SLUICE STORE [REPEATS]

Runs `SLUICE search STORE QUERY --limit 10 --json` for 1-character, 2-character, n-character
and mixed Chinese/English queries drawn from the generator's vocabulary (frequent and rare
words alike), REPEATS times each (default 5), and prints p50/p95/max per class in milliseconds.
Each time includes starting the process and opening the store; the line `startup` times a query
that needs no index (only punctuation) to show that part. The `cpu` columns are the process's
own user + system time, which other work on a shared machine inflates less than the wall time.
"""
import os, random, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

sluice, store = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
words, _ = generate.vocabulary(random.Random(12))
rng = random.Random(7)
frequent, rare = words[:300], words[300:]
singles = [w for w in frequent if len(w) == 1][:5] + [w for w in rare if len(w) == 1][:5]
classes = {
    "startup": ["，"],
    "1 char": singles,
    "2 chars": ["老蒋", "靖江", "李飞", "北京"] + [w for w in frequent if len(w) == 2][:3] + [w for w in rare if len(w) == 2][:3],
    "n chars": [w for w in frequent if len(w) >= 3][:5] + [w for w in rare if len(w) >= 3][:5],
    "mixed": ["Alice 靖江", "storage 北京", "Chen 李飞", "pipeline 老蒋", "report " + rng.choice(frequent)],
}
print(f"store {store} ({os.path.getsize(store) / 1e6:.0f} MB), {repeats} runs per query")
for label, queries in classes.items():
    times, cpu = [], []
    for q in queries:
        for _ in range(repeats):
            t = time.perf_counter()
            process = subprocess.Popen([sluice, "search", store, q, "--limit", "10", "--json"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
            if status != 0:
                sys.exit(f"sluice search {q!r} failed ({status})")
    times.sort()
    cpu.sort()
    p95 = lambda values: values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    print(f"{label:8s} {len(queries):3d} queries  p50 {statistics.median(times):7.1f} ms  p95 {p95(times):7.1f} ms"
          f"  max {times[-1]:7.1f} ms  cpu p50 {statistics.median(cpu):6.1f} p95 {p95(cpu):6.1f} ms")
