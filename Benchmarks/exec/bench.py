#!/usr/bin/env python3
"""Benchmarks of exec plugins (needs /usr/bin/time, Debian package `time`) and `sluice pipe` (not tests: numbers to read, not to assert).

  python3 Benchmarks/exec/bench.py [--sluice .build/release/sluice] [--inputs 3000] [--stream 100000]

1. Per-input overhead of an exec reader: the same small inputs read by the built-in `text` reader
   and by a trivial Python exec reader (workers 1 and 2); prints inputs/s and the added time per input.
2. `sluice pipe` memory: max RSS of streams of 10,000 and 100,000 requests (it should not grow
   with the stream).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, cwd, stdin=None):
    """Runs cmd under /usr/bin/time and returns (seconds, its max RSS in MiB)."""
    start = time.monotonic()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        done = subprocess.run(["/usr/bin/time", "-f", "maxrss %M"] + cmd, cwd=cwd, stdin=inp,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-2000:]}")
    rss = [line for line in done.stderr.decode().splitlines() if line.startswith("maxrss ")]
    return elapsed, int(rss[-1].split()[1]) / 1024 if rss else float("nan")


def manifest(folder, reader, workers):
    text = f"""version: 1
state: false
pipelines:
  p:
    inputs: [in]
    concurrency: 2
    reader: {reader if reader != 'exec' else '{name: exec, command: [python3, ' + HERE + '/trivial_reader.py], workers: ' + str(workers) + '}'}
    sinks: [{{name: jsonl, path: /dev/null}}]
"""
    path = os.path.join(folder, f"{reader}-{workers}.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sluice", default=os.path.join(ROOT, ".build/release/sluice"))
    parser.add_argument("--inputs", type=int, default=3000)
    parser.add_argument("--stream", type=int, default=100_000)
    args = parser.parse_args()
    sluice = os.path.abspath(args.sluice)
    folder = tempfile.mkdtemp(prefix="sluice-exec-bench-")
    try:
        os.makedirs(os.path.join(folder, "in"))
        for i in range(args.inputs):
            with open(os.path.join(folder, "in", f"{i:05d}.txt"), "w") as f:
                f.write(f"Input number {i}.\n")
        rates = {}
        for reader, workers in [("text", 0), ("exec", 1), ("exec", 2)]:
            seconds, _ = run([sluice, "run", manifest(folder, reader, workers), "--quiet"], folder)
            rates[(reader, workers)] = args.inputs / seconds
            label = "built-in text reader" if reader == "text" else f"trivial exec reader, workers {workers}"
            print(f"{label:38s} {args.inputs} inputs in {seconds:6.2f} s = {args.inputs / seconds:8.0f} inputs/s")
        for workers in (1, 2):
            extra = 1 / rates[("exec", workers)] - 1 / rates[("text", 0)]
            print(f"exec overhead per input (workers {workers}): {extra * 1e3:.3f} ms")
        for i in range(10):
            with open(os.path.join(folder, f"t{i}.txt"), "w") as f:
                f.write(f"Line {i} of a small text.\n")
        for count in (10_000, args.stream):
            requests = os.path.join(folder, f"requests-{count}.jsonl")
            with open(requests, "w") as f:
                for i in range(count):
                    f.write('{"path": "t%d.txt"}\n' % (i % 10))
            seconds, rss = run([sluice, "pipe", "--reader", "text"], folder, stdin=requests)
            print(f"sluice pipe, {count:7d} requests: {seconds:6.2f} s = {count / seconds:8.0f} requests/s, max RSS {rss:6.1f} MiB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
