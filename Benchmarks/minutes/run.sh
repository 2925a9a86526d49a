#!/bin/sh
# Linearity benchmark for the minutes parser (not a test: it prints numbers, it asserts nothing
# about time). Builds a standalone optimised binary from the reader's sources and two core files,
# so it needs neither SwiftPM nor the rest of the package.
#   Benchmarks/minutes/run.sh            # 1, 100, 1,000, 10,000 generated groups
#   Benchmarks/minutes/run.sh dump FILE  # show what the parser makes of FILE
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${TMPDIR:-/tmp}/sluice-minutes-bench
mkdir -p "$work/src"
for f in "$root"/Plugins/MinutesReader/*.swift; do
    sed '/^import SluiceCore$/d' "$f" > "$work/src/$(basename "$f")"
done
cp "$root/Sources/SluiceCore/Model/JSONValue.swift" "$root/Sources/SluiceCore/Plugins/PluginError.swift" "$work/src/"
# The reader plugin and its decoding need the whole core and the charset module; the parser does not.
rm -f "$work/src/MinutesReader.swift" "$work/src/Decoding.swift"
cp "$here/main.swift" "$work/src/main.swift"
swiftc -O -module-name MinutesBench "$work"/src/*.swift -o "$work/minutes-bench"
exec "$work/minutes-bench" "$@"
