import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// An error at the HTTP edge: a status, a message for people and, for validation errors, the field it names.
public struct AppError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, in words.
    public var message: String
    /// The form or JSON field the error is about, if any.
    public var field: String?
    /// Headers to add (e.g. `Retry-After`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// 404 with a generic message: used for anything the user may not see, so ids of other users' records
    /// look exactly like ids that do not exist.
    public static let notFound = AppError(.notFound, "Not found.")

    /// A validation error for one field.
    public static func invalid(_ field: String, _ message: String) -> AppError {
        AppError(.unprocessableContent, message, field: field)
    }

    /// Wraps a domain validation error.
    public init(_ error: InputError) {
        self.init(.unprocessableContent, error.description, field: error.field)
    }

    /// The JSON body `{"error": {"status": …, "message": …, "field": …}}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ErrorBody(error: .init(status: Int(status.code), message: message, field: field))
        let data = try JSONEncoder.api.encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ErrorBody: Codable {
        struct Detail: Codable {
            var status: Int
            var message: String
            var field: String?
        }
        var error: Detail
    }
}

extension AppError {
    /// Maps storage and domain errors to HTTP errors: the one place errors become HTTP statuses (the services'
    /// own errors say how in `DomainErrors+HTTP.swift`).
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError: return error
        case let error as any HTTPMappedError: return error.httpError
        // Several field errors: the API reports the first (a page shows them all before it gets here).
        case let error as FormErrors: return from(error.first)
        case let error as InputError: return AppError(error)
        // Another person's data reads exactly like data that does not exist.
        case is AccessDenied: return .notFound
        case let error as StorageError:
            switch error {
            case .invalid(let input): return AppError(input)
            case .notFound: return .notFound
            case .conflict(let message): return AppError(.conflict, message)
            case .liveSessionInProgress:
                return AppError(.conflict, "A session of yours is already running: finish or stop it first.")
            default: return AppError(.internalServerError, "The database could not complete the request.")
            }
        case let error as any HTTPResponseError:
            return AppError(error.status, error.status.reasonPhrase)
        default:
            return AppError(.internalServerError, "Something went wrong.")
        }
    }
}

extension JSONEncoder {
    /// The API's encoder: ISO 8601 dates, sorted keys.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// The API's decoder: ISO 8601 dates.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
