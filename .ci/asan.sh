#!/usr/bin/env bash
# The whole test suite under the address sanitizer (Swift Testing only: XCTest is not used, and
# --disable-xctest keeps its runner, which leaks a little by itself, out of the run).
# A separate scratch folder keeps the instrumented build from evicting the normal one.
#   .ci/asan.sh [swift test arguments, e.g. --filter SluiceHostileInputTests]
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no
# halt_on_error: the first report fails the run; detect_leaks: LeakSanitizer runs at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_string_checks=0}
suppressions=.ci/lsan.supp
[ -f "$suppressions" ] && export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/$suppressions:print_suppressions=0}
start=$SECONDS
swift test --sanitize=address --disable-xctest --scratch-path .build-asan "$@" 2>&1 | tee /tmp/sluice-asan.log
status=${PIPESTATUS[0]}
echo "== asan: swift test exited $status after $((SECONDS - start)) s"
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)" /tmp/sluice-asan.log; then
    echo "== asan: sanitizer reports found (see above)" >&2
    exit 1
fi
exit "$status"
