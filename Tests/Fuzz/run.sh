#!/usr/bin/env bash
# Builds and runs Sluice's libFuzzer targets.
#
#   Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#
# TARGET is decoder, manifest, text, minutes, news or all; SECONDS is the time each target fuzzes
# (CI: `Tests/Fuzz/run.sh all 45`). The package's modules are built with SwiftPM, instrumented
# for libFuzzer and the address sanitizer, into a scratch folder of their own (.build-fuzz); each
# harness (Tests/Fuzz/TARGET.swift, which defines LLVMFuzzerTestOneInput) is then compiled with
# swiftc and linked with libFuzzer's main and the object files of the modules it needs (found by
# Tests/Fuzz/closure.py in SwiftPM's build manifest). No Package.swift change is involved.
#
# The corpus is a temporary folder seeded from Samples/ and Tests/Fuzz/Regressions/TARGET/ (past
# crashes); it is thrown away unless SLUICE_FUZZ_CORPUS names a folder to keep it in (one
# subfolder per target). Crashing inputs go to .build-fuzz/artifacts/TARGET/. Exit status: 0 when
# no target crashed, 1 otherwise.
#
# Environment: SLUICE_FUZZ_CONFIG (release, the default, or debug: builds faster, fuzzes slower),
# SLUICE_FUZZ_SCRATCH (build folder), SLUICE_FUZZ_CORPUS (keep corpora there), SLUICE_FUZZ_JOBS
# (parallel libFuzzer workers per target, default 1), SLUICE_FUZZ_MAX_LEN (largest input tried,
# default 16384 bytes: longer inputs mostly slow the search down).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

usage() { echo "usage: Tests/Fuzz/run.sh decoder|manifest|text|minutes|news|all SECONDS [libFuzzer flags...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

# After a crash Swift's backtracer can hang for minutes: let libFuzzer report instead.
export SWIFT_BACKTRACE=enable=no
# Leaks are the ASan test run's business; libFuzzer's leak check trips on Swift's runtime caches.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1:handle_abort=1}

config=${SLUICE_FUZZ_CONFIG:-release}
scratch=${SLUICE_FUZZ_SCRATCH:-$root/.build-fuzz}
jobs=${SLUICE_FUZZ_JOBS:-1}

# The module each harness fuzzes (its dependencies come along).
module_of() {
    case $1 in
        decoder) echo SluiceTextDecoding ;;
        manifest) echo SluiceBuiltins ;;
        text) echo SluiceTextReader ;;
        minutes) echo SluiceMinutesReader ;;
        news) echo SluiceNewsReader ;;
        *) usage ;;
    esac
}

# Extra harness sources besides TARGET.swift.
support_of() {
    case $1 in
        text|minutes|news) echo "Tests/Fuzz/FuzzSupport.swift Tests/Fuzz/ReaderFuzzing.swift" ;;
        *) echo "Tests/Fuzz/FuzzSupport.swift" ;;
    esac
}

# Seed files for a target (Samples/ plus past crashes).
seeds_of() {
    local dirs
    case $1 in
        decoder) dirs="Samples/documents Samples/minutes Samples/news" ;;
        manifest) dirs="Samples/manifests" ;;
        text) dirs="Samples/documents" ;;
        minutes) dirs="Samples/minutes Samples/documents" ;;
        news) dirs="Samples/news Samples/documents" ;;
    esac
    for d in $dirs Tests/Fuzz/Regressions/$1; do
        [ -d "$d" ] && find "$d" -maxdepth 1 -type f
    done
    return 0
}

# The news reader lands later than the others; until it exists its target is skipped.
news_ready() { grep -qs "struct NewsReader" Plugins/NewsReader/*.swift; }

if [ "$target" = all ]; then
    targets="decoder manifest text minutes news"
    build_module=SluiceBuiltins   # depends on every module the targets fuzz
else
    module_of "$target" >/dev/null
    targets=$target
    build_module=$(module_of "$target")
fi
if [[ " $targets " == *" news "* ]] && ! news_ready; then
    echo "== fuzz news: skipped (the news reader is not on this branch yet)"
    targets=${targets/news/}
    [ -n "${targets// /}" ] || exit 0
fi

echo "== fuzz: building $build_module ($config, fuzzer+address) in $scratch"
build_start=$SECONDS
mkdir -p "$scratch"
# Not `--sanitize=fuzzer --sanitize=address`: SwiftPM passes those to swiftc as two flags and the
# last one wins, which leaves the modules without coverage instrumentation. C modules (libyaml)
# are instrumented too, without libFuzzer's main.
# PostgreSQL is not fuzzed: leave postgres-nio out of the build (package trait off).
if ! swift build -c "$config" --scratch-path "$scratch" --target "$build_module" --disable-default-traits \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address \
    > "$scratch/fuzz-build.log" 2>&1; then
    tail -40 "$scratch/fuzz-build.log" >&2
    echo "fuzz: build failed" >&2
    exit 1
fi
echo "   built in $((SECONDS - build_start)) s"
llmanifest=$scratch/$config.yaml

status=0
summary=()
for t in $targets; do
    module=$(module_of "$t")
    binary=$scratch/fuzz-$t
    echo "== fuzz $t: linking $binary"
    mapfile -t flags < <(python3 Tests/Fuzz/closure.py "$llmanifest" flags "$module")
    mapfile -t objects < <(python3 Tests/Fuzz/closure.py "$llmanifest" objects "$module")
    optimization=-O
    [ "$config" = debug ] && optimization=-Onone
    rm -f "$binary"
    # gold warns about every ASan helper symbol; those warnings are dropped.
    # shellcheck disable=SC2046
    if ! swiftc "$optimization" -g -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz_$t" \
        "Tests/Fuzz/$t.swift" $(support_of "$t") "${flags[@]}" "${objects[@]}" -o "$binary" > "$scratch/fuzz-link-$t.log" 2>&1; then
        grep -v "Cannot export local symbol" "$scratch/fuzz-link-$t.log" | tail -30 >&2
        echo "fuzz $t: the harness does not build" >&2
        status=1
        continue
    fi

    if [ -n "${SLUICE_FUZZ_CORPUS:-}" ]; then
        corpus=$SLUICE_FUZZ_CORPUS/$t
        mkdir -p "$corpus"
    else
        corpus=$(mktemp -d "${TMPDIR:-/tmp}/sluice-fuzz-$t.XXXXXX")
    fi
    seeds=$(mktemp -d "${TMPDIR:-/tmp}/sluice-fuzz-seeds-$t.XXXXXX")
    # Each seed goes in several times, behind each selector byte the harnesses read first.
    i=0
    while IFS= read -r seed; do
        for selector in 0 1 2 3 4 5; do
            { printf "\\x$(printf %02x "$selector")"; cat "$seed"; } > "$seeds/$i-$selector"
        done
        cp "$seed" "$seeds/$i-raw"
        i=$((i + 1))
    done < <(seeds_of "$t")
    artifacts=$scratch/artifacts/$t
    mkdir -p "$artifacts"
    extra=()
    [ "$jobs" -gt 1 ] && extra+=("-jobs=$jobs" "-workers=$jobs")
    [ -f "Tests/Fuzz/$t.dict" ] && extra+=("-dict=Tests/Fuzz/$t.dict")
    log=$scratch/fuzz-$t.log
    echo "== fuzz $t: $seconds s, $i seeds, corpus $corpus, log $log"
    set +e
    # -timeout: a single input taking this long is a hang; -rss_limit_mb: unbounded memory.
    "$binary" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -malloc_limit_mb=2048 -max_len="${SLUICE_FUZZ_MAX_LEN:-16384}" \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" "$@" \
        "$corpus" "$seeds" > "$log" 2>&1
    result=$?
    set -e
    [ "$jobs" -gt 1 ] && cat fuzz-[0-9]*.log >> "$log" 2>/dev/null && rm -f fuzz-[0-9]*.log
    execs=$({ grep -o "stat::number_of_executed_units: [0-9]*" "$log" || true; } | awk '{s += $2} END {print s + 0}')
    cov=$({ grep -oE "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*" "$log" || true; } | tail -1)
    if [ $result -ne 0 ]; then
        status=1
        echo "!! fuzz $t FAILED (exit $result); last lines of $log:" >&2
        { grep -E "ERROR|invariant|Fatal error|SUMMARY|Test unit written|Slowest|timeout|out-of-memory" "$log" || true; } | head -20 >&2
        summary+=("$t: FAILED after $execs executions ($cov); see $log and $artifacts")
    else
        summary+=("$t: $execs executions in ${seconds} s, $cov, no crash")
    fi
    [ -z "${SLUICE_FUZZ_CORPUS:-}" ] && rm -rf "$corpus"
    rm -rf "$seeds"
done

echo "== fuzz summary"
printf '   %s\n' "${summary[@]}"
exit $status
