#!/usr/bin/env bash
# Comparison benchmark for the `news` reader (not a test):
#   - creates a virtual environment with readability-lxml, trafilatura and GNE from PyPI,
#   - builds Sluice's benchmark driver in release mode,
#   - regenerates the pages and gold annotations,
#   - prints body F1, title and date accuracy and speed for all of them and libxml2's bare parse.
# Usage: Benchmarks/news/compare.sh   (from the repository root; VENV=... to reuse an environment)
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${VENV:-.build/news-bench-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q readability-lxml trafilatura gne
fi
swift build -c release --product sluice-news-bench
python3 Benchmarks/news/make_pages.py
"$VENV/bin/python" Benchmarks/news/compare.py
