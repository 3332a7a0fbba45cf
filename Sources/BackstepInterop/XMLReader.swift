import Foundation

/// A small, strict, non-validating XML reader for the files Backstep imports (TCX).
///
/// Pure and bounded: no DTDs (a `<!DOCTYPE` is refused, so no entity expansion), only the five predefined
/// entities and character references, a depth limit, and errors with the line number. Element and attribute
/// names are kept without their namespace prefix.
struct XMLDocument {
    /// One element.
    struct Element {
        var name: String
        var attributes: [String: String]
        var children: [Int]
        var text: String
        var line: Int
    }

    /// A syntax problem and the line it is on.
    struct SyntaxError: Error {
        var line: Int
        var problem: String
    }

    private(set) var elements: [Element] = []
    /// The root element's index (always 0 when parsing succeeded).
    var root: Int { 0 }

    static let maximumDepth = 64

    /// Parses a document.
    init(_ bytes: [UInt8]) throws(SyntaxError) {
        var position = 0
        var line = 1
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        var stack: [Int] = []
        var sawRoot = false

        func fail(_ problem: String) -> SyntaxError { SyntaxError(line: line, problem: problem) }
        func advance(_ count: Int) {
            for index in position..<min(position + count, bytes.count) where bytes[index] == 0x0A { line += 1 }
            position = min(position + count, bytes.count)
        }
        func starts(_ text: String) -> Bool {
            let utf8 = Array(text.utf8)
            guard position + utf8.count <= bytes.count else { return false }
            return Array(bytes[position..<(position + utf8.count)]) == utf8
        }
        func skip(past terminator: String) throws(SyntaxError) -> Range<Int> {
            let utf8 = Array(terminator.utf8)
            var index = position
            while index + utf8.count <= bytes.count {
                if bytes[index] == utf8[0] && Array(bytes[index..<(index + utf8.count)]) == utf8 {
                    let range = position..<index
                    advance(index + utf8.count - position)
                    return range
                }
                index += 1
            }
            throw fail("unterminated construct, expected \(terminator)")
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2F || byte == 0x3E
                || byte == 0x3D || byte == 0x3C || byte == 0x22 || byte == 0x27)
        }
        func readName() throws(SyntaxError) -> String {
            let start = position
            while position < bytes.count && isNameByte(bytes[position]) { position += 1 }
            guard position > start else { throw fail("expected a name") }
            let full = String(decoding: bytes[start..<position], as: UTF8.self)
            if let colon = full.lastIndex(of: ":") { return String(full[full.index(after: colon)...]) }
            return full
        }
        func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { advance(1) }
        }
        func appendText(_ range: Range<Int>, decode: Bool) throws(SyntaxError) {
            guard let top = stack.last else {
                // Only whitespace may sit outside the root element.
                if bytes[range].contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                    throw fail("text outside the root element")
                }
                return
            }
            let raw = String(decoding: bytes[range], as: UTF8.self)
            elements[top].text += decode ? try Self.decodeEntities(raw, line: line) : raw
        }

        while position < bytes.count {
            if bytes[position] != 0x3C {
                let start = position
                while position < bytes.count && bytes[position] != 0x3C { position += 1 }
                let range = start..<position
                position = start
                advance(range.count)
                try appendText(range, decode: true)
                continue
            }
            if starts("<?") {
                advance(2)
                _ = try skip(past: "?>")
            } else if starts("<!--") {
                advance(4)
                _ = try skip(past: "-->")
            } else if starts("<![CDATA[") {
                advance(9)
                let range = try skip(past: "]]>")
                try appendText(range, decode: false)
            } else if starts("<!") {
                throw fail("DOCTYPE and other declarations are not accepted")
            } else if starts("</") {
                advance(2)
                let name = try readName()
                skipSpace()
                guard position < bytes.count, bytes[position] == 0x3E else { throw fail("expected > after </\(name)") }
                advance(1)
                guard let top = stack.popLast() else { throw fail("</\(name)> closes nothing") }
                guard elements[top].name == name else {
                    throw fail("</\(name)> closes <\(elements[top].name)> (line \(elements[top].line))")
                }
            } else {
                advance(1)
                let name = try readName()
                if stack.isEmpty && sawRoot { throw fail("a second root element <\(name)>") }
                var attributes: [String: String] = [:]
                var selfClosing = false
                while true {
                    skipSpace()
                    guard position < bytes.count else { throw fail("the file ends inside <\(name)>") }
                    if bytes[position] == 0x3E {
                        advance(1)
                        break
                    }
                    if bytes[position] == 0x2F {
                        advance(1)
                        guard position < bytes.count, bytes[position] == 0x3E else {
                            throw fail("expected /> in <\(name)>")
                        }
                        advance(1)
                        selfClosing = true
                        break
                    }
                    let attribute = try readName()
                    skipSpace()
                    guard position < bytes.count, bytes[position] == 0x3D else {
                        throw fail("attribute \(attribute) of <\(name)> has no value")
                    }
                    advance(1)
                    skipSpace()
                    guard position < bytes.count, bytes[position] == 0x22 || bytes[position] == 0x27 else {
                        throw fail("attribute \(attribute) of <\(name)> is not quoted")
                    }
                    let quote = bytes[position]
                    advance(1)
                    let range = try skip(past: quote == 0x22 ? "\"" : "'")
                    attributes[attribute] = try Self.decodeEntities(
                        String(decoding: bytes[range], as: UTF8.self), line: line)
                }
                let index = elements.count
                elements.append(Element(name: name, attributes: attributes, children: [], text: "", line: line))
                if let parent = stack.last { elements[parent].children.append(index) }
                sawRoot = true
                if !selfClosing {
                    stack.append(index)
                    guard stack.count <= Self.maximumDepth else {
                        throw fail("elements nest deeper than \(Self.maximumDepth)")
                    }
                }
            }
        }
        if let open = stack.last {
            throw fail("the file ends before </\(elements[open].name)> (opened on line \(elements[open].line))")
        }
        guard sawRoot else { throw fail("no root element") }
    }

    /// The first child of an element with a name.
    func child(_ element: Int, _ name: String) -> Int? {
        elements[element].children.first { elements[$0].name == name }
    }

    /// Every child of an element with a name.
    func children(_ element: Int, _ name: String) -> [Int] {
        elements[element].children.filter { elements[$0].name == name }
    }

    /// The trimmed text of a path of children, e.g. ["HeartRateBpm", "Value"].
    func text(_ element: Int, _ path: String...) -> String? {
        var current = element
        for name in path {
            guard let next = child(current, name) else { return nil }
            current = next
        }
        let text = elements[current].text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func decodeEntities(_ text: String, line: Int) throws(SyntaxError) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) <= 12 else {
                throw SyntaxError(line: line, problem: "an unterminated entity reference")
            }
            let name = rest[rest.index(after: amp)..<semicolon]
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
                }
                guard let scalar else { throw SyntaxError(line: line, problem: "unknown entity &\(name);") }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}
