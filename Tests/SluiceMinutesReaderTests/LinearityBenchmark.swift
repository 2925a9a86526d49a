import Foundation
import Testing
@testable import SluiceMinutesReader

/// Linearity benchmark (prints numbers, asserts only correctness; speed is never a test
/// failure). Runs only with `SLUICE_BENCH=1`; the standalone `Benchmarks/minutes/run.sh` measures
/// the same with an optimised build.
@Suite struct LinearityBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SLUICE_BENCH"] == "1"))
    func groupsScaleLinearly() throws {
        func group(_ k: Int) -> String {
            "分组讨论书面汇报材料 组\(k)： 组长：王建国；组员：李晓明、张伟、陈静 记录员：陈静  核心要点： "
                + "王建国： 1、明确目标。2、加强复盘。 李晓明：（1）梳理痛点（2）输出方案。 张伟 同意。 陈静：无补充。\n"
        }
        for count in [1, 100, 1_000, 10_000] {
            let text = (1...count).map(group).joined()
            let start = Date()
            let doc = try MinutesParser().parse(text)
            let seconds = Date().timeIntervalSince(start)
            #expect(doc.groups.count == count)
            print("minutes benchmark: \(count) groups, \(text.unicodeScalars.count) scalars, \(seconds) s, \(seconds / Double(count) * 1e6) µs/group")
        }
    }
}
