import Foundation
import HTTPTypes
import Hummingbird

/// A rendered HTML page.
public struct HTML: ResponseGenerator, Sendable {
    /// The markup.
    public var body: String
    /// The status (200 unless a form is shown again with errors).
    public var status: HTTPResponse.Status

    /// Creates a page.
    public init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentTypeOptions: "nosniff",
                .contentSecurityPolicy:
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// A JSON response from any `Encodable` value with the API's encoder.
public struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    /// The value.
    public var value: Value
    /// The status.
    public var status: HTTPResponse.Status

    /// Creates a JSON response.
    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options` (a valid constant name; the fallback is never taken).
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options") ?? .contentType
    /// `Content-Security-Policy`.
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy") ?? .contentType
    /// `X-CSRF-Token`, for JSON requests authenticated by the session cookie.
    static let csrfToken = HTTPField.Name("X-CSRF-Token") ?? .contentType
    /// `X-Forwarded-Proto`, set by a TLS-terminating proxy.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto") ?? .contentType
}
