import SluiceCore

/// The HTML form of `sluice inspect`: one self-contained file (inline CSS, no script, no image,
/// no link to anything; a Content-Security-Policy forbids every fetch) with, per input, the
/// containers, the metadata fields and their sources, and the blocks in document order: kept text
/// in the left pane, removed text (with the reason) in the right one.
enum InspectHTML {
    static func render(_ reports: [InspectionReport], failures: [String]) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>sluice inspect: \(reports.count) input(s)</title>
            <style>\(css)</style></head><body>
            <h1>sluice inspect</h1>
            <p class="summary">\(reports.count) input(s) inspected\(failures.isEmpty ? "" : ", \(failures.count) failed").
            Left: text kept as the article. Right: text removed, with the reason. Scores: what a block adds to its container (higher is more article-like).</p>

            """
        if !failures.isEmpty {
            out += "<ul class=\"failures\">" + failures.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
        }
        if reports.count > 1 {
            out += "<nav class=\"toc\"><ol>" + reports.enumerated().map { k, r in
                "<li><a href=\"#page-\(k + 1)\">\(escape(r.path))</a> (\(r.kept.count) kept, \(r.removed.count) removed)</li>"
            }.joined() + "</ol></nav>\n"
        }
        for (k, report) in reports.enumerated() { out += page(report, number: k + 1) }
        return out + "</body></html>\n"
    }

    static func page(_ r: InspectionReport, number: Int) -> String {
        var out = "<section class=\"page\" id=\"page-\(number)\"><h2>\(escape(r.path))</h2>\n"
        out += "<p class=\"meta\">reader <b>\(escape(r.reader))</b>; \(r.kept.count) block(s) kept, \(r.removed.count) removed</p>\n"
        if !r.containers.isEmpty {
            out += "<table class=\"containers\"><tr><th>container</th><th>element</th><th>score</th><th>why</th></tr>"
            for c in r.containers {
                out += "<tr><td>\(escape(c.role))</td><td><code>\(escape(c.description))</code></td><td>\(score(c.score))</td><td>\(escape(c.note ?? ""))</td></tr>"
            }
            out += "</table>\n"
        }
        out += fields(r.fields)
        if !r.warnings.isEmpty {
            out += "<ul class=\"warnings\">" + r.warnings.map { "<li>warning: \(escape($0))</li>" }.joined() + "</ul>\n"
        }
        out += "<table class=\"blocks\"><colgroup><col class=\"c-kept\"><col class=\"c-removed\"></colgroup>"
        out += "<tr><th class=\"pane pane-kept\">Kept as article text (\(r.kept.count))</th><th class=\"pane pane-removed\">Removed (\(r.removed.count))</th></tr>\n"
        for b in r.blocks {
            let cell = "<div class=\"block\"><span class=\"tag\">\(escape(b.kind))\(b.location.map { " · " + escape($0) } ?? "") \(score(b.score))</span>"
                + (b.reason.map { "<span class=\"reason\">\(escape($0))</span>" } ?? "") + "<div class=\"text\">\(escape(b.text))</div></div>"
            out += b.kept ? "<tr class=\"kept\"><td class=\"kept\">\(cell)</td><td></td></tr>\n" : "<tr class=\"removed\"><td></td><td class=\"removed\">\(cell)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    static func fields(_ fields: [InspectedField]) -> String {
        var out = "<table class=\"fields\"><tr><th>field</th><th>value</th><th>from</th><th>candidates it beat</th></tr>"
        for f in fields where f.value != nil || !f.rejected.isEmpty {
            let value = f.value.map { escape($0) } ?? "<i>none</i>"
            let beaten = f.rejected.map { "<li>\(escape($0.value)) <span class=\"src\">← \(escape($0.source))\($0.reason.map { "; " + escape($0) } ?? "")</span></li>" }.joined()
            out += "<tr><td>\(escape(f.name))</td><td>\(value)</td><td>\(escape(f.source ?? ""))</td><td>\(beaten.isEmpty ? "" : "<ul>\(beaten)</ul>")</td></tr>"
        }
        return out + "</table>\n"
    }

    static func score(_ s: Double?) -> String {
        guard let s else { return "" }
        return escape(String(format: "%+.1f", s))
    }

    /// Text safe inside elements and quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static let css = """
        body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#1d1d1f;background:#fafafa}
        h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.1em;margin:0 0 .3em;word-break:break-all}
        .summary,.meta{color:#555;margin:.2em 0 .8em}
        section.page{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em;margin:1.2em 0}
        table{border-collapse:collapse;width:100%;margin:.5em 0}
        th,td{border:1px solid #e2e2e2;padding:.3em .5em;text-align:left;vertical-align:top}
        table.containers td,table.fields td{font-size:.9em}
        table.fields ul{margin:0;padding-left:1.1em}.src{color:#777}
        table.blocks{table-layout:fixed}col.c-kept,col.c-removed{width:50%}
        th.pane-kept{background:#e3f4e6}th.pane-removed{background:#f9e4e2}
        td.kept{background:#f3fbf4}td.removed{background:#fdf3f2;color:#5a4040}
        .block .tag{display:block;font-size:.75em;color:#888}
        .block .reason{display:inline-block;font-size:.8em;background:#f3c9c4;color:#6b1c12;border-radius:3px;padding:0 .4em;margin:.1em 0}
        .block .text{white-space:pre-wrap;overflow-wrap:anywhere}
        ul.failures li{color:#a00}ul.warnings{color:#8a5a00}
        code{font-size:.9em}
        """
}
