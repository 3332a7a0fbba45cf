import Foundation
import Testing

@testable import BackstepQR

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SVG drawing: well-formed XML, the attributes HTML inlining needs, the title escaped, the modules drawn.
@Suite struct QRSVGTests {
    /// What the parser saw.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(String, [String: String])] = []
        var title = ""
        private var inTitle = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append((elementName, attributeDict))
            inTitle = elementName == "title"
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            inTitle = false
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { title += string }
        }
    }

    static func parse(_ svg: String) -> Collector? {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    @Test(arguments: [
        "Invitation to Backstep", "Tom & Jerry's <invite> \"now\"", "Grüße 步行 — 🚶", "bell\u{07}control",
    ])
    func wellFormedWithEscapedTitle(title: String) throws {
        let code = try QRCode(encoding: "https://backstep.example/invite/abc")
        let svg = code.svg(title: title)
        let parsed = try #require(Self.parse(svg), "not well-formed: \(svg)")
        #expect(parsed.elements.map(\.0) == ["svg", "title", "rect", "path"])
        #expect(parsed.title == title.replacingOccurrences(of: "\u{07}", with: ""))
        let root = parsed.elements[0].1
        let side = code.size + 8
        #expect(root["viewBox"] == "0 0 \(side) \(side)")
        #expect(root["width"] == "\(side * 4)")
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(!svg.contains("<title>\(title)</title>") || !title.contains("&"))
    }

    @Test func escapesEveryMarkupCharacter() throws {
        let svg = try QRCode(encoding: "x").svg(title: "a&b<c>d\"e'f")
        #expect(svg.contains("<title>a&amp;b&lt;c&gt;d&quot;e&apos;f</title>"))
    }

    /// The path's runs, replayed, give back exactly the dark modules.
    @Test(arguments: [(4, 4), (1, 0), (10, 2)])
    func pathDrawsTheDarkModules(moduleSize: Int, quietZone: Int) throws {
        let code = try QRCode(encoding: "https://backstep.example/invite/0123456789", correction: .high)
        let svg = code.svg(moduleSize: moduleSize, quietZone: quietZone, title: "QR")
        let parsed = try #require(Self.parse(svg))
        let path = try #require(parsed.elements.last?.1["d"])
        var drawn = Set<[Int]>()
        for run in path.split(separator: "z") {
            let numbers = run.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5, "run \(run)")
            #expect(numbers[2] > 0 && numbers[3] == 1 && numbers[4] == -numbers[2])
            for x in numbers[0]..<(numbers[0] + numbers[2]) { drawn.insert([x - quietZone, numbers[1] - quietZone]) }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) { dark.insert([x, y]) }
        }
        #expect(drawn == dark)
        #expect(svg.contains("width=\"\((code.size + 2 * quietZone) * moduleSize)\""))
    }

    @Test func oddSizesAreClamped() throws {
        let svg = try QRCode(encoding: "x").svg(moduleSize: 0, quietZone: -3, title: "t")
        #expect(svg.contains("viewBox=\"0 0 21 21\""))
        #expect(svg.contains("width=\"21\""))
        let huge = try QRCode(encoding: "x").svg(moduleSize: .max, quietZone: .max, title: "t")
        #expect(huge.contains("viewBox=\"0 0 2021 2021\""))
        #expect(huge.contains("width=\"2021000\""))
    }
}
