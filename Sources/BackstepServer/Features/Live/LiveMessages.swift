import BackstepCore
import BackstepStorage
import BackstepTreadmill
import Foundation

/// What the player page may ask of a running session (the `action` of an `input` message).
enum LiveAction: String, CaseIterable, Codable, Sendable {
    case start, pause, toggle, stop, pain, skip, done, faster, slower, extend

    /// The engine input the action becomes.
    var input: SessionInput {
        switch self {
        case .start: .userStart
        case .pause: .userPause
        case .toggle: .togglePause
        case .stop: .userStop
        case .pain: .painStop
        case .skip: .skip
        case .done: .markDone
        case .faster: .speedUp
        case .slower: .slowDown
        case .extend: .extend(30)
        }
    }

    /// Whether the session ends with this action (no more input will come).
    var endsSession: Bool { self == .stop || self == .pain }
}

/// A message from the player page over the live WebSocket (`docs/live-protocol.md`), as JSON text frames with a
/// `type`. Messages that carry a `seq` are acknowledged and applied once.
enum ClientMessage: Equatable, Sendable {
    /// Subscribe to the session's numbered messages after number `after` (without it, after the last one the page
    /// acknowledged).
    case hello(after: Int?)
    /// The page has seen every server message up to `seq`.
    case ack(seq: Int)
    /// A button or key on the page.
    case input(LiveAction, seq: Int?)
    /// Bytes the treadmill sent on an FTMS characteristic (Bluetooth only).
    case ftms(FTMSCharacteristic, bytes: [UInt8], seq: Int?)
    /// The treadmill's Bluetooth link dropped.
    case bleDisconnected(seq: Int?)
    /// The treadmill is connected again, with what it reads as.
    case bleConnected(feature: [UInt8], speedRange: [UInt8]?, inclinationRange: [UInt8]?, seq: Int?)
    /// The page's link check, answered with `pong`.
    case ping

    /// The client sequence number, for messages that are applied once.
    var sequence: Int? {
        switch self {
        case .input(_, let seq), .ftms(_, _, let seq), .bleDisconnected(let seq), .bleConnected(_, _, _, let seq):
            seq
        case .hello, .ack, .ping: nil
        }
    }

    /// The largest message the server reads, in bytes.
    static let maximumSize = 4096

    /// Reads one text frame.
    /// - Throws: `LiveProtocolError` saying what is wrong with the message, in words the page can show.
    init(text: String) throws(LiveProtocolError) {
        guard text.utf8.count <= Self.maximumSize else { throw .malformed }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(text.utf8))
        } catch {
            throw .malformed
        }
        try self.init(wire: wire)
    }

    /// The flat JSON form of every client message.
    struct Wire: Codable, Equatable {
        var type: String
        var seq: Int?
        var after: Int?
        var action: String?
        var characteristic: String?
        var bytes: String?
        var feature: String?
        var speedRange: String?
        var inclinationRange: String?
    }

    init(wire: Wire) throws(LiveProtocolError) {
        switch wire.type {
        case "hello": self = .hello(after: wire.after)
        case "ack":
            guard let seq = wire.seq else { throw .badAck }
            self = .ack(seq: seq)
        case "input":
            guard let raw = wire.action, let action = LiveAction(rawValue: raw) else { throw .unknownAction }
            self = .input(action, seq: wire.seq)
        case "ftms":
            guard let code = wire.characteristic, let value = UInt16(code, radix: 16),
                let characteristic = FTMSCharacteristic(rawValue: value),
                let hex = wire.bytes, let bytes = [UInt8](hex: hex)
            else { throw .badFTMS }
            self = .ftms(characteristic, bytes: bytes, seq: wire.seq)
        case "bleDisconnected": self = .bleDisconnected(seq: wire.seq)
        case "bleConnected":
            guard let feature = wire.feature.flatMap({ [UInt8](hex: $0) }) else { throw .badReconnect }
            self = .bleConnected(
                feature: feature, speedRange: wire.speedRange.flatMap { [UInt8](hex: $0) },
                inclinationRange: wire.inclinationRange.flatMap { [UInt8](hex: $0) }, seq: wire.seq)
        case "ping": self = .ping
        default: throw .unknownType(String(wire.type.prefix(40)))
        }
    }

    /// The message's JSON form.
    var wire: Wire {
        switch self {
        case .hello(let after): Wire(type: "hello", after: after)
        case .ack(let seq): Wire(type: "ack", seq: seq)
        case .input(let action, let seq): Wire(type: "input", seq: seq, action: action.rawValue)
        case .ftms(let characteristic, let bytes, let seq):
            Wire(
                type: "ftms", seq: seq, characteristic: String(characteristic.rawValue, radix: 16),
                bytes: bytes.hex)
        case .bleDisconnected(let seq): Wire(type: "bleDisconnected", seq: seq)
        case .bleConnected(let feature, let speedRange, let inclinationRange, let seq):
            Wire(
                type: "bleConnected", seq: seq, feature: feature.hex, speedRange: speedRange?.hex,
                inclinationRange: inclinationRange?.hex)
        case .ping: Wire(type: "ping")
        }
    }
}

extension ClientMessage: Codable {
    init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        do {
            try self.init(wire: wire)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    func encode(to encoder: any Encoder) throws {
        try wire.encode(to: encoder)
    }
}

/// What is wrong with a client message; `message` is what the page is told.
enum LiveProtocolError: Error, Equatable, Sendable {
    case malformed
    case badAck
    case unknownAction
    case badFTMS
    case badReconnect
    case unknownType(String)

    /// The words of the `error` message the page gets.
    var message: String {
        switch self {
        case .malformed: "malformed message: expected a JSON object with a type"
        case .badAck: "ack: seq must be a number the server sent"
        case .unknownAction:
            "input: unknown action; expected one of \(LiveAction.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badFTMS: "ftms: characteristic must be a known FTMS UUID and bytes hex"
        case .badReconnect: "bleConnected: feature must be hex bytes"
        case .unknownType(let type): "unknown message type '\(type)'"
        }
    }
}

/// A message from the server to the player page. The session's own messages (`welcome`, `event`, `ftmsWrite`,
/// `closed`) are numbered and kept, so a page that reconnects asks for everything after the last number it saw;
/// replies to one page (`ack`, `pong`, `error`) are not.
enum ServerMessage: Sendable {
    /// The first message of a session: what it is, and the bytes that pause the belt (the page writes them by
    /// itself when it loses the server).
    case welcome(sessionId: SessionID, mode: LiveMode, workout: String, pauseBytes: [UInt8])
    /// An engine output, in the JSON-lines form of `SessionOutput`.
    case event(SessionOutput)
    /// Control-point bytes for the page to write to the treadmill (Bluetooth).
    case ftmsWrite([UInt8])
    /// The session ended and was stored with this status.
    case closed(sessionId: SessionID, status: SessionStatus)
    /// A client message numbered `seq` was applied (or was a duplicate and ignored).
    case ack(seq: Int, duplicate: Bool)
    /// The answer to `ping`.
    case pong
    /// The client message could not be applied; the session goes on.
    case error(String)

    /// The message as one JSON text frame, with `seq` for the numbered ones.
    func text(seq: Int? = nil) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(Numbered(seq: seq, message: self)) else {
            return #"{"message":"the server could not encode a message","type":"error"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private struct Numbered: Encodable {
        var seq: Int?
        var message: ServerMessage

        enum Key: String, CodingKey {
            case seq, type, sessionId, mode, workout, pauseBytes, event, bytes, status, feedbackUrl, duplicate, message
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(seq, forKey: .seq)
            switch message {
            case .welcome(let sessionId, let mode, let workout, let pauseBytes):
                try container.encode("welcome", forKey: .type)
                try container.encode(sessionId.uuidString, forKey: .sessionId)
                try container.encode(mode, forKey: .mode)
                try container.encode(workout, forKey: .workout)
                try container.encode(pauseBytes.hex, forKey: .pauseBytes)
            case .event(let output):
                try container.encode("event", forKey: .type)
                try container.encode(output, forKey: .event)
            case .ftmsWrite(let bytes):
                try container.encode("ftmsWrite", forKey: .type)
                try container.encode(bytes.hex, forKey: .bytes)
            case .closed(let sessionId, let status):
                try container.encode("closed", forKey: .type)
                try container.encode(sessionId.uuidString, forKey: .sessionId)
                try container.encode(status.rawValue, forKey: .status)
                try container.encode("/sessions/\(sessionId.uuidString)/feedback", forKey: .feedbackUrl)
            case .ack(let seq, let duplicate):
                try container.encode("ack", forKey: .type)
                try container.encode(seq, forKey: .seq)
                if duplicate { try container.encode(true, forKey: .duplicate) }
            case .pong:
                try container.encode("pong", forKey: .type)
            case .error(let message):
                try container.encode("error", forKey: .type)
                try container.encode(message, forKey: .message)
            }
        }
    }
}

extension ServerMessage: Encodable {
    func encode(to encoder: any Encoder) throws {
        try Numbered(seq: nil, message: self).encode(to: encoder)
    }
}
