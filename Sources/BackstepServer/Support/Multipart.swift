import Foundation
import HTTPTypes
import Hummingbird

/// A `multipart/form-data` body (RFC 7578), parsed strictly and within bounds: at most `maximumParts` parts, headers
/// of at most 8 KiB per part, only `Content-Disposition: form-data` parts with a name. Anything else is a
/// `MultipartError` saying what is wrong, never a crash.
struct MultipartForm: Sendable {
    /// One part: a field, or a file when it has a file name.
    struct Part: Sendable, Hashable {
        /// The form field's name.
        var name: String
        /// The uploaded file's name (only its last path component), for file parts.
        var fileName: String?
        /// The part's `Content-Type`, if given.
        var contentType: String?
        /// The content.
        var body: [UInt8]
    }

    /// The parts in order.
    var parts: [Part]

    /// Most parts accepted in one body.
    static let maximumParts = 500
    /// Largest header block of one part.
    static let maximumHeaderBytes = 8 * 1024

    /// The boundary of a `multipart/form-data` content type, or nil when the type is something else.
    /// - Throws: `MultipartError` for a multipart type without a valid boundary (1–70 characters).
    static func boundary(contentType: String) throws(MultipartError) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw MultipartError("the multipart boundary must be 1–70 printable characters")
            }
            return value
        }
        throw MultipartError("the multipart content type has no boundary")
    }

    /// Parses a body.
    /// - Parameters:
    ///   - body: the bytes.
    ///   - boundary: from `boundary(contentType:)`.
    /// - Throws: `MultipartError` naming the problem.
    init(body: [UInt8], boundary: String) throws(MultipartError) {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may follow a preamble; it must start a line.
        var index: Int
        if body.starts(with: delimiter) {
            index = delimiter.count
        } else if let found = Self.find(separator, in: body, from: 0) {
            index = found + separator.count
        } else {
            throw MultipartError("the body has no multipart boundary")
        }
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the body; otherwise optional whitespace and CRLF open a part.
            if body.count >= index + 2, body[index] == 0x2D, body[index + 1] == 0x2D { break }
            while index < body.count, body[index] == 0x20 || body[index] == 0x09 { index += 1 }
            guard body.count >= index + 2, body[index] == 0x0D, body[index + 1] == 0x0A else {
                throw MultipartError("part \(parts.count + 1): a boundary is not followed by a line break")
            }
            index += 2
            guard parts.count < Self.maximumParts else {
                throw MultipartError("more than \(Self.maximumParts) parts")
            }
            guard
                let headerEnd = Self.find(
                    [0x0D, 0x0A, 0x0D, 0x0A], in: body, from: index, limit: Self.maximumHeaderBytes)
            else {
                throw MultipartError("part \(parts.count + 1): headers missing, unterminated or over 8 KiB")
            }
            let headers = String(decoding: body[index..<headerEnd], as: UTF8.self)
            var part = try Self.part(headers: headers, number: parts.count + 1)
            let contentStart = headerEnd + 4
            guard let end = Self.find(separator, in: body, from: contentStart) else {
                throw MultipartError(
                    "part \(parts.count + 1) ('\(part.name)'): the body ends before its closing boundary")
            }
            part.body = Array(body[contentStart..<end])
            parts.append(part)
            index = end + separator.count
        }
        self.parts = parts
    }

    /// The first value of a text field.
    func field(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// The file parts of a field (an empty file input sends a part with an empty name and body: left out).
    func files(_ name: String) -> [Part] {
        parts.filter { $0.name == name && $0.fileName.map { !$0.isEmpty } == true }
    }

    static func part(headers: String, number: Int) throws(MultipartError) -> Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartError("part \(number): header line '\(line.prefix(60))' has no colon")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "content-disposition":
                let parameters = Self.parameters(value)
                guard parameters.type == "form-data" else {
                    throw MultipartError("part \(number): Content-Disposition must be form-data")
                }
                name = parameters.values["name"]
                fileName = parameters.values["filename"].map { Self.lastPathComponent($0) }
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name, !name.isEmpty else { throw MultipartError("part \(number): the field has no name") }
        return Part(name: name, fileName: fileName, contentType: contentType, body: [])
    }

    /// `form-data; name="files"; filename="a.fit"` → type and parameters.
    static func parameters(_ value: String) -> (type: String, values: [String: String]) {
        let characters = Array(value)
        var index = 0
        func skipSpaces() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        }
        func token() -> String {
            var out = ""
            while index < characters.count, characters[index] != ";", characters[index] != "=" {
                out.append(characters[index])
                index += 1
            }
            return out.trimmingCharacters(in: .whitespaces)
        }
        let type = token().lowercased()
        var values: [String: String] = [:]
        while index < characters.count, characters[index] == ";" {
            index += 1
            skipSpaces()
            let key = token().lowercased()
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            skipSpaces()
            var parsed = ""
            if index < characters.count, characters[index] == "\"" {
                index += 1
                // Browsers percent-encode quotes in names (HTML's form-data rules); a backslash is literal.
                while index < characters.count, characters[index] != "\"" {
                    parsed.append(characters[index])
                    index += 1
                }
                index = min(index + 1, characters.count)
                skipSpaces()
            } else {
                parsed = token()
            }
            if !key.isEmpty, values[key] == nil { values[key] = parsed }
        }
        return (type, values)
    }

    /// "C:\\x\\a.fit" or "x/a.fit" → "a.fit" (browsers may send a path).
    static func lastPathComponent(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }

    /// The index of `needle` in `haystack` at or after `start` (starting within `limit` bytes of `start`).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, limit: Int? = nil) -> Int? {
        guard let first = needle.first, start >= 0 else { return nil }
        let lastStart = haystack.count - needle.count
        let stop = limit.map { min(lastStart, start + $0) } ?? lastStart
        guard start <= stop else { return nil }
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            while index <= stop {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}

/// A malformed `multipart/form-data` body.
struct MultipartError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    var problem: String
    init(_ problem: String) { self.problem = problem }
    var description: String { "The upload is not valid multipart/form-data: \(problem)." }
}

extension MultipartForm {
    /// "20 MB", or "4 KiB" below a megabyte.
    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MB" : "\(max(bytes / 1024, 1)) KiB"
    }

    /// The boundary when the request is `multipart/form-data`, else nil.
    /// - Throws: `AppError` 400 for a multipart request without a valid boundary.
    static func boundary(of request: Request) throws -> String? {
        do {
            return try boundary(contentType: request.headers[.contentType] ?? "")
        } catch {
            throw AppError(.badRequest, error.description)
        }
    }

    /// Reads and parses a request's multipart body, at most `settings.maxUploadBytes` (plus 64 KiB for the form's
    /// other fields and part headers). The collected body stays in the request for the handler.
    /// - Throws: `AppError` 413 for an oversized body, 400 for a malformed one.
    static func read(
        _ request: inout Request, boundary: String, settings: ServerSettings
    ) async throws
        -> MultipartForm
    {
        let limit = settings.maxUploadBytes + 64 * 1024
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw AppError(
                .contentTooLarge,
                "The upload is larger than \(sizeText(settings.maxUploadBytes)); import fewer or smaller files at a time."
            )
        }
        do {
            return try MultipartForm(body: Array(buffer.readableBytesView), boundary: boundary)
        } catch {
            throw AppError(.badRequest, error.description)
        }
    }
}
