#!/usr/bin/env python3
"""Query latency of `sluice search` on a store (a benchmark, not a test).

    latency.py SLUICE STORE [REPEATS]

Runs `SLUICE search STORE QUERY --limit 10 --json` for 1-character, 2-character, n-character
and mixed Chinese/English queries drawn from the generator's vocabulary (frequent and rare
words alike), REPEATS times each (default 5), and prints p50/p95/max per class in milliseconds.
Each time includes starting the process and opening the store; the line `startup` times a query
that needs no index (only punctuation) to show that part.
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
    times = []
    for q in queries:
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run([sluice, "search", store, q, "--limit", "10", "--json"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{label:8s} {len(queries):3d} queries  p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  max {times[-1]:7.1f} ms")
