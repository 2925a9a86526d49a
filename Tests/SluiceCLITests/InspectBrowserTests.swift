import Foundation
import SluiceCore
import SluiceTesting
import Testing

/// Headless Chromium (Debian package `chromium`, installed by .ci/setup), or nil.
let chromiumBinary: String? = {
    if let path = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return path }
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
    }
    return nil
}()

/// The HTML report of `sluice inspect`, checked as a file and in a real headless browser.
@Suite struct InspectBrowserTests {
    /// Writes the HTML report of the sample news pages (and one bad input) into `scratch`.
    static func makeReport(_ scratch: Scratch) throws -> String {
        let bad = scratch.write("broken.html", [0x00, 0x01, 0x02, 0x00])
        let path = scratch.path + "/report.html"
        let r = try sluice(["inspect", "--quiet", "--html", path, "Samples/news", "Benchmarks/news/pages/hard-english-wire.html", bad])
        #expect(r.status == 1, "the bad input fails, the others are reported: \(r.stderr)")
        return path
    }

    @Test func theReportIsOneSelfContainedFile() throws {
        let scratch = Scratch()
        let html = String(decoding: FileManager.default.contents(atPath: try Self.makeReport(scratch)) ?? Data(), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        // No element or style refers to anything outside the file: no src, no remote href, no url().
        for pattern in [#"<(img|script|link|iframe|object|embed|video|audio|source)\b"#, #"\bsrc\s*="#, #"href\s*=\s*"(?!#)"#, #"url\("#, #"@import"#] {
            #expect(html.range(of: pattern, options: [.regularExpression, .caseInsensitive]) == nil, "\(pattern)")
        }
        // Page text with URLs in it is shown as text (escaped), never as markup.
        #expect(html.contains("https://www.northerncourier.example/news"))
        #expect(html.contains("broken.html: news: the input is binary"))
        #expect(html.components(separatedBy: "class=\"pane pane-kept\"").count == 5, "one kept pane per page (4 pages)")
        #expect(html.components(separatedBy: "class=\"pane pane-removed\"").count == 5)
    }

    /// The URLs a page loaded in Chromium requested over the network (the browser's own
    /// background traffic, which no page asks for, is left out), from its net log.
    static func pageRequests(_ netLog: String) throws -> [String] {
        let data = FileManager.default.contents(atPath: netLog) ?? Data()
        let log = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let types = ((log["constants"] as? [String: Any])?["logEventTypes"] as? [String: Int]) ?? [:]
        let start = types["URL_REQUEST_START_JOB"]
        var urls: [String] = []
        for event in log["events"] as? [[String: Any]] ?? [] where event["type"] as? Int == start {
            let params = event["params"] as? [String: Any] ?? [:]
            guard let url = params["url"] as? String, !url.hasPrefix("file:") else { continue }
            // Requests made for a page opened from a file carry the file:// site in their key.
            if (params["network_isolation_key"] as? String)?.hasPrefix("file://") == true { urls.append(url) }
        }
        return urls
    }

    /// Runs headless Chromium on a file with every host unresolvable and a net log.
    static func chromium(_ binary: String, _ arguments: [String], file: String, scratch: Scratch, tag: String) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--user-data-dir=\(scratch.path)/profile-\(tag)",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--log-net-log=\(scratch.path)/\(tag).netlog.json",
        ] + arguments + ["file://" + file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    @Test(.enabled(if: chromiumBinary != nil, "skipped: chromium is not installed (Debian package `chromium`; .ci/setup installs it)"))
    func theReportRendersInHeadlessChromiumAndFetchesNothing() throws {
        let browser = chromiumBinary!
        let scratch = Scratch()
        let report = try Self.makeReport(scratch)
        // The DOM as rendered: both panes, kept and removed text, reasons.
        let dom = try Self.chromium(browser, ["--dump-dom"], file: report, scratch: scratch, tag: "dom")
        #expect(dom.status == 0)
        #expect(dom.stdout.contains("<th class=\"pane pane-kept\">Kept as article text ("), "\(dom.stdout.prefix(500))")
        #expect(dom.stdout.contains("<th class=\"pane pane-removed\">Removed ("))
        #expect(dom.stdout.contains("<td class=\"kept\">"))
        #expect(dom.stdout.contains("<td class=\"removed\">"))
        #expect(dom.stdout.contains("navigation (div 'crumb')"))
        #expect(dom.stdout.contains("吴军一手创办了上海新跃物流"))
        #expect(try Self.pageRequests(scratch.path + "/dom.netlog.json") == [], "the report fetched something")
        // A screenshot: it renders to a real image.
        let shot = scratch.path + "/report.png"
        let png = try Self.chromium(browser, ["--screenshot=\(shot)", "--window-size=1400,1800", "--hide-scrollbars"], file: report, scratch: scratch, tag: "shot")
        #expect(png.status == 0)
        let image = [UInt8](FileManager.default.contents(atPath: shot) ?? Data())
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(image.count > 20_000, "a rendered page, not a blank one (\(image.count) bytes)")
        #expect(try Self.pageRequests(scratch.path + "/shot.netlog.json") == [])
        // The check sees a fetch when there is one: a page with a remote image.
        let control = scratch.write("control.html", "<!DOCTYPE html><html><body><p>x</p><img src=\"https://example.invalid/pixel.png\"></body></html>")
        _ = try Self.chromium(browser, ["--dump-dom"], file: control, scratch: scratch, tag: "control")
        #expect(try Self.pageRequests(scratch.path + "/control.netlog.json") == ["https://example.invalid/pixel.png"])
    }
}
