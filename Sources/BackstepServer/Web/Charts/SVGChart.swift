import Foundation

/// Charts drawn on the server as SVG: no script needed, readable with screen readers through their title and
/// description. Only numbers and fixed labels go into the markup, and every text is escaped anyway.
enum SVGChart {
    struct Point {
        var x: Double
        var y: Double?
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A line chart of `points` (x in seconds or days), with an optional dashed target line.
    static func line(
        title: String, unit: String, points: [Point], target: [Point] = [], xLabel: String = "minutes",
        xScale: Double = 60, width: Double = 640, height: Double = 220
    ) -> String {
        let values = (points + target).compactMap(\.y)
        let left = 48.0
        let bottom = 28.0
        let top = 26.0
        let right = 12.0
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(), !values.isEmpty else {
            return """
                <svg class="chart" role="img" viewBox="0 0 \(number(width)) 60" xmlns="http://www.w3.org/2000/svg">\
                <title>\(escape(title))</title><text x="8" y="36" class="chart-empty">\(escape(title)): no data</text></svg>
                """
        }
        let low = min(0, values.min() ?? 0)
        var high = values.max() ?? 1
        if high <= low { high = low + 1 }
        high += (high - low) * 0.1
        let spanX = max(maxX - minX, 1)
        func px(_ x: Double) -> Double { left + (x - minX) / spanX * (width - left - right) }
        func py(_ y: Double) -> Double { top + (1 - (y - low) / (high - low)) * (height - top - bottom) }
        func path(_ series: [Point]) -> String {
            var d = ""
            var pen = false
            for point in series {
                guard let y = point.y else {
                    pen = false
                    continue
                }
                d += (pen ? "L" : "M") + "\(number(px(point.x))),\(number(py(y))) "
                pen = true
            }
            return d
        }
        var svg = """
            <svg class="chart" role="img" aria-labelledby="t\(title.hashValue & 0xffff)" viewBox="0 0 \(number(width)) \(number(height))" xmlns="http://www.w3.org/2000/svg">\
            <title id="t\(title.hashValue & 0xffff)">\(escape(title)) (\(escape(unit)))</title>\
            <text x="\(number(left))" y="16" class="chart-title">\(escape(title)) (\(escape(unit)))</text>
            """
        for i in 0...4 {
            let value = low + (high - low) * Double(i) / 4
            let y = py(value)
            svg +=
                "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(width - right))\" y2=\"\(number(y))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" class=\"axis\" text-anchor=\"end\">\(number(value))</text>"
        }
        for i in 0...4 {
            let x = minX + spanX * Double(i) / 4
            svg +=
                "<text x=\"\(number(px(x)))\" y=\"\(number(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(number((x - minX) / xScale))</text>"
        }
        svg +=
            "<text x=\"\(number(width - right))\" y=\"\(number(height - 8))\" class=\"axis\" text-anchor=\"end\">\(escape(xLabel))</text>"
        if !target.isEmpty { svg += "<path d=\"\(path(target))\" class=\"target\"/>" }
        svg += "<path d=\"\(path(points))\" class=\"series\"/></svg>"
        return svg
    }

    /// A bar chart, one bar per label.
    static func bars(
        title: String, unit: String, labels: [String], values: [Double], width: Double = 640, height: Double = 200
    )
        -> String
    {
        let left = 40.0
        let bottom = 28.0
        let top = 26.0
        let high = max(values.max() ?? 1, 1) * 1.1
        let slot = (width - left - 8) / Double(max(values.count, 1))
        var svg = """
            <svg class="chart" role="img" viewBox="0 0 \(number(width)) \(number(height))" xmlns="http://www.w3.org/2000/svg">\
            <title>\(escape(title)) (\(escape(unit)))</title>\
            <text x="\(number(left))" y="16" class="chart-title">\(escape(title)) (\(escape(unit)))</text>
            """
        for (index, value) in values.enumerated() {
            let h = value / high * (height - top - bottom)
            let x = left + Double(index) * slot + 2
            svg +=
                "<rect x=\"\(number(x))\" y=\"\(number(height - bottom - h))\" width=\"\(number(max(slot - 4, 1)))\" height=\"\(number(h))\" class=\"bar\"><title>\(escape(labels[index])): \(number(value)) \(escape(unit))</title></rect>"
            if index % max(1, values.count / 6) == 0 {
                svg +=
                    "<text x=\"\(number(x + slot / 2))\" y=\"\(number(height - 8))\" class=\"axis\" text-anchor=\"middle\">\(escape(labels[index]))</text>"
            }
        }
        svg +=
            "<text x=\"\(number(left - 6))\" y=\"\(number(top + 4))\" class=\"axis\" text-anchor=\"end\">\(number(high))</text></svg>"
        return svg
    }
}
