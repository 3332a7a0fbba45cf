import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// What every feature's API operations that read a body share: decoding a JSON body with errors that name the
/// field, and reading a session id from the path. A feature's API conforms (holding the body limit,
/// `ServerSettings.maxBodyBytes`) and gets these for free.
protocol APIRoutes: Sendable {
    /// Largest JSON body accepted, in bytes.
    var maxBodyBytes: Int { get }
}

extension APIRoutes {
    func sessionId(_ context: some RequestContext) throws -> SessionID {
        guard let id = SessionID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return id
    }

    /// Decodes a JSON body; a decoding error names the field it is about.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw AppError(.contentTooLarge, "The body is larger than \(maxBodyBytes / 1024) KiB.")
        }
        guard buffer.readableBytes > 0 else {
            throw AppError(.badRequest, "The body is empty: send a JSON object (Content-Type: application/json).")
        }
        do {
            return try JSONDecoder.api.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIDecoding.describe(error)
        } catch let error as InputError {
            throw AppError(error)
        } catch {
            throw AppError(.badRequest, "The body is not valid JSON.")
        }
    }
}

/// How a JSON body that does not decode is reported: the field it is about and what is wrong with it.
enum APIDecoding {
    static func describe(_ error: DecodingError) -> AppError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath + [key]), "This field is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid(path(context.codingPath), "This field has the wrong type.")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { ": \(String(describing: $0))" } ?? ""
                return AppError(.badRequest, "The body is not valid JSON\(detail).")
            }
            return .invalid(path(context.codingPath), context.debugDescription)
        @unknown default:
            return AppError(.badRequest, "The body is not valid JSON.")
        }
    }
}
