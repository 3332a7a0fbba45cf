extension QRCode {
    /// The code as a compact SVG document for inlining in HTML: a light background covering the quiet zone and one
    /// `<path>` whose subpaths are the horizontal runs of dark modules, drawn with `shape-rendering="crispEdges"`.
    ///
    /// The `viewBox` counts modules (quiet zone included); `width` and `height` are `moduleSize` pixels a module.
    /// The element has `role="img"` and a `<title>`, so screen readers announce it.
    /// - Parameters:
    ///   - moduleSize: pixels a module for the `width` and `height` attributes (clamped to 1–1000).
    ///   - quietZone: light modules around the symbol (clamped to 0–1000; the standard asks for 4, §6.3.8).
    ///   - title: the accessible name, XML-escaped; characters XML 1.0 does not allow are dropped.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        let border = min(max(0, quietZone), 1000)
        let side = size + 2 * border
        let pixels = side * min(max(1, moduleSize), 1000)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                path += "M\(start + border) \(y + border)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(side) \(side)\" "
            + "width=\"\(pixels)\" height=\"\(pixels)\" shape-rendering=\"crispEdges\">"
            + "<title>\(Self.xmlEscaped(title))</title>"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// Text safe inside XML character data and attribute values: `&`, `<`, `>`, `"` and `'` escaped, characters
    /// outside XML 1.0's `Char` production dropped.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r", "\u{20}"..."\u{D7FF}", "\u{E000}"..."\u{FFFD}", "\u{10000}"..."\u{10FFFF}":
                out.unicodeScalars.append(scalar)
            default: continue
            }
        }
        return out
    }
}
