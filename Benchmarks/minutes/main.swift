// Standalone driver for the minutes parser (built by run.sh without SwiftPM):
//   minutes-bench bench            parse generated files of 1, 100, 1,000 and 10,000 groups
//   minutes-bench dump FILE        print what the parser makes of FILE (debug aid)
#if canImport(Glibc)
import Glibc
#endif

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let k = fread(&buffer, 1, buffer.count, f)
        if k <= 0 { break }
        out.append(contentsOf: buffer[0..<k])
    }
    return out
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// One generated group in the seed's one-long-line style, with `speakers` statements.
func group(_ k: Int, speakers: Int = 8) -> String {
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
    func name(_ i: Int) -> String { String(surnames[(i * 7 + k) % surnames.count]) + String(given[(i * 3 + k * 5) % given.count]) + String(given[(i + k) % given.count]) }
    var names: [String] = []
    var i = 0
    while names.count < speakers { let n = name(i); if !names.contains(n) { names.append(n) }; i += 1 }
    var t = "分组讨论书面汇报材料 分组讨论（1）： ——围绕部门职责，如何更好落实年度一级部门和小部门的目标  整体要求：人人发言，简明扼要。  组\(k)： 组长：\(names[0])；组员：\(names.dropFirst().joined(separator: "、")) 记录员：\(names.last!)  核心要点： "
    for (j, n) in names.enumerated() {
        t += "\(n)： 1、围绕部门职责，如何更好落实年度一级部门和小部门的目标，第\(j)条意见：加强项目交付和回款。 2、结合AIGC提升方案竞争力；（1）梳理场景（2）输出方案。 "
    }
    return t + "\n"
}

let args = CommandLine.arguments
if args.count >= 3 && args[1] == "dump" {
    let text = String(decoding: readFile(args[2]), as: UTF8.self)  // dump reads UTF-8 only
    let doc = try MinutesParser().parse(text)
    for (k, g) in doc.groups.enumerated() {
        print("== \(k + 1) label=\(g.label) number=\(g.number.map(String.init) ?? "-") name=\(g.name ?? "-") title=\(g.title ?? "-")")
        print("   leader=\(g.leader?.name ?? "-") \(g.leader?.employeeID ?? "")")
        print("   members=\(g.members.map { $0.name + ($0.employeeID.map { "#" + $0 } ?? "") + ($0.note.map { "(" + $0 + ")" } ?? "") }.joined(separator: ","))")
        print("   dups=\(g.duplicateMembers) recorders=\(g.recorders.map(\.name)) placeholder=\(g.recorderPlaceholder ?? "-")")
        print("   topic=\(g.topic ?? "-")")
        print("   fields=\(g.fields)")
        print("   headings=\(g.headings)")
        for s in g.statements {
            let head = String(s.text.prefix(24)).split(separator: "\n").joined(separator: "⏎")
            print("   S [\(s.speaker ?? "∅")|\(s.speakerRaw ?? "")|\(s.role ?? "")|\(s.match ?? "")|\(s.ordinal ?? "")|\(s.note ?? "")|\(s.heading ?? "")] \(head) pts=\(s.points.count)")
        }
    }
    print("SEGMENTS \(doc.segments.count) tiling=\(doc.segments.map(\.raw).joined() == text)")
    for seg in doc.segments where seg.kind != .statement {
        let head = String(seg.raw.prefix(50)).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "⏎")
        print("  \(seg.kind) g=\(seg.group.map(String.init) ?? "-") \(seg.field ?? "") «\(head)»")
    }
} else {
    // Linearity: N groups in one text, each size parsed several times (median kept). The
    // one-group figure is also given as the mean over 200 different one-group texts parsed one
    // after the other, which is what "10,000 times one group" means in practice.
    func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
    let only = CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "only" ? Int(CommandLine.arguments[2]) : nil
    print("groups\tscalars\tmedian_seconds\tmicroseconds_per_group")
    var perGroup: [Int: Double] = [:]
    for count in only.map({ [$0] }) ?? [1, 100, 1_000, 10_000] {
        var text = ""
        for k in 1...count { text += group(k) }
        let scalars = text.unicodeScalars.count
        let repeats = count >= 10_000 ? 3 : (count >= 1_000 ? 5 : 21)
        var times: [Double] = []
        for _ in 0..<repeats {
            let t0 = now()
            let doc = try MinutesParser().parse(text)
            let dt = now() - t0
            precondition(doc.groups.count == count, "expected \(count) groups, got \(doc.groups.count)")
            precondition(doc.groups.allSatisfy { $0.statements.count == 8 }, "expected 8 statements per group")
            times.append(dt)
        }
        let m = median(times)
        perGroup[count] = m / Double(count)
        print("\(count)\t\(scalars)\t\(m)\t\(m / Double(count) * 1e6)")
    }
    if only == nil {
        let singles = (1...200).map { group($0) }
        let t0 = now()
        for text in singles { _ = try MinutesParser().parse(text) }
        let mean = (now() - t0) / Double(singles.count)
        print("one group, mean over 200 different texts: \(mean * 1e6) microseconds")
        if let big = perGroup[10_000], let one = perGroup[1] {
            print("time(10,000 groups) / (10,000 x time(1 group)) = \(big / one) (hot single text), \(big / mean) (mean of 200 texts)")
        }
    }
}
