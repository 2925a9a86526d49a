// Shared by every fuzz target (compiled into each one by Tests/Fuzz/run.sh).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the fuzzer with a crash (so libFuzzer saves the input) when an invariant does not hold.
@inline(never)
func fuzzRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        fputs("fuzz invariant violated: \(message())\n", stderr)
        abort()
    }
}
