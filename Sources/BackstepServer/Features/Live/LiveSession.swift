import BackstepCore
import BackstepLive
import BackstepStorage
import BackstepTreadmill
import FTMSCodec
import Foundation
import Logging

/// How the treadmill is driven during a live session.
public enum LiveMode: String, Sendable, Codable, CaseIterable {
    /// Targets are shown; the user sets the treadmill by hand.
    case manual
    /// Web Bluetooth: the page relays an FTMS treadmill's bytes; the codec and driver run on the server.
    case bluetooth
    /// The simulated FTMS treadmill, on the server (demos and tests).
    case simulated

    var source: SessionSource {
        switch self {
        case .manual: .manual
        case .bluetooth: .live
        case .simulated: .simulated
        }
    }
}

/// The bytes a Bluetooth session reads once when the page connects to the treadmill.
struct BluetoothConnection: Sendable {
    var feature: [UInt8]
    var speedRange: [UInt8]?
    var inclinationRange: [UInt8]?
}

/// What a live session starts from.
struct LiveStart: Sendable {
    var workout: Workout
    var programId: String?
    var prescription: Prescription?
    var profile: Profile
    var clearance: Clearance
    var practiceWeeks: Double?
    var mode: LiveMode
    var bluetooth: BluetoothConnection?
    var speedup: Double
}

/// One running session: the single source of truth is its `SessionEngine`, driven by `SessionRunner` on the
/// server's clock. Every engine output is written through the storage `SessionRecorder` as it happens and kept
/// in a numbered log, so a page that reloads or reconnects asks for everything after the last number it saw and
/// misses nothing.
actor LiveSession {
    nonisolated let id: UUID
    nonisolated let userId: UUID
    nonisolated let mode: LiveMode
    nonisolated let workoutName: String
    nonisolated let startedAt: Date
    nonisolated let inputs = InputQueue()
    nonisolated let mailbox: BridgeMailbox?
    private let recorder: SessionRecorder
    private let clock: ServerClock
    private let logger: Logger
    /// Server messages (JSON), index = sequence number.
    private var log: [String] = []
    private var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
    /// The highest client message number handled (duplicates are acknowledged and ignored).
    private var lastClientSequence = -1
    /// The highest server message number the page acknowledged.
    private(set) var acknowledged = -1
    /// Whether the session has ended and been saved.
    private(set) var isClosed = false
    /// When the session was closed (nil while it runs).
    private(set) var closedAt: Date?
    private var consumer: Task<Void, Never>?

    init(
        id: UUID, userId: UUID, start: LiveStart, recorder: SessionRecorder, clock: ServerClock, logger: Logger
    ) {
        self.id = id
        self.userId = userId
        self.mode = start.mode
        self.workoutName = start.workout.name
        self.clock = clock
        self.startedAt = clock.now()
        self.recorder = recorder
        self.logger = logger
        if start.mode == .bluetooth {
            let box = MailboxForwarder()
            self.mailbox = BridgeMailbox(onWrite: { bytes in box.forward(bytes) })
            self.forwarder = box
        } else {
            self.mailbox = nil
            self.forwarder = nil
        }
    }

    private let forwarder: MailboxForwarder?

    /// Starts the runner and the task that records and publishes its outputs.
    func begin(_ start: LiveStart) {
        forwarder?.attach(self)
        let (stream, continuation) = AsyncStream<RunnerEvent>.makeStream()
        let inputs = self.inputs
        let mailbox = self.mailbox
        Task.detached {
            await Self.run(start, inputs: inputs, mailbox: mailbox, continuation: continuation)
        }
        consumer = Task {
            for await event in stream { await self.process(event) }
        }
        append(
            Self.json([
                "type": "welcome", "sessionId": id.uuidString, "mode": mode.rawValue,
                "workout": workoutName, "pauseBytes": BridgeLink.pauseBytes.hex,
            ]))
    }

    enum RunnerEvent: Sendable {
        case output(SessionOutput)
        case ended(SessionSummary)
    }

    /// Runs the engine against the chosen treadmill until the session is over.
    static func run(
        _ start: LiveStart, inputs: InputQueue, mailbox: BridgeMailbox?,
        continuation: AsyncStream<RunnerEvent>.Continuation
    ) async {
        let clock = SessionClock(speedup: start.speedup)
        func configuration(_ treadmill: TreadmillCapabilities?) -> SessionConfiguration {
            var policy = SafetyPolicy(
                profile: start.profile,
                stage: start.prescription?.stage ?? TrainingStage.starting(for: start.profile.experience),
                clearance: start.clearance)
            policy.machineMaximum = treadmill?.maximumSpeed
            return SessionConfiguration(
                workout: start.workout, policy: policy, treadmill: treadmill, mass: start.profile.mass,
                practiceWeeks: start.practiceWeeks, handrail: start.prescription?.handrail)
        }
        func drive<Link: TreadmillLink>(_ link: Link?, capabilities: TreadmillCapabilities?) async -> SessionSummary {
            var runner = SessionRunner(
                engine: SessionEngine(configuration: configuration(capabilities)), link: link, clock: clock)
            runner.pollInterval = 0.1
            await runner.run(inputs: inputs) { continuation.yield(.output($0)) }
            return runner.engine.summary()
        }
        let summary: SessionSummary
        switch start.mode {
        case .simulated:
            let link = SimulatedTreadmillLink()
            summary = await drive(link, capabilities: link.capabilities)
        case .bluetooth:
            if let mailbox, let connection = start.bluetooth {
                let link = BridgeLink(
                    mailbox: mailbox, feature: connection.feature, speedRange: connection.speedRange,
                    inclinationRange: connection.inclinationRange)
                summary = await drive(link, capabilities: link.capabilities)
            } else {
                summary = await drive(NoTreadmill?.none, capabilities: nil)
            }
        case .manual:
            summary = await drive(NoTreadmill?.none, capabilities: nil)
        }
        continuation.yield(.ended(summary))
        continuation.finish()
    }

    private func process(_ event: RunnerEvent) async {
        switch event {
        case .output(let output):
            do {
                try await recorder.record(output)
            } catch {
                // The recorder keeps what it could not write and sends it again with the next write.
                logger.warning("live session \(id): could not store an output yet: \(error)")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(output) else { return }
            appendEvent(String(decoding: data, as: UTF8.self))
        case .ended(let summary):
            // A session the server ended (shutting down) is interrupted, not stopped: the user can continue it.
            let status: SessionStatus =
                summary.completed ? .completed : (endedByServer ? .interrupted : .stopped)
            var saved = false
            for attempt in 0..<5 where !saved {
                do {
                    if status == .interrupted {
                        _ = try await recorder.markInterrupted(at: clock.now())
                    } else {
                        try await recorder.finish(summary: summary, status: status, endedAt: clock.now())
                    }
                    saved = true
                } catch {
                    logger.error("live session \(id): could not close (attempt \(attempt + 1)): \(error)")
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            isClosed = true
            closedAt = clock.now()
            append(
                Self.json([
                    "type": "closed", "sessionId": id.uuidString, "status": status.rawValue,
                    "feedbackUrl": "/sessions/\(id.uuidString)/feedback",
                ]))
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
    }

    private func appendEvent(_ eventJSON: String) {
        let sequence = log.count
        append("{\"seq\":\(sequence),\"type\":\"event\",\"event\":\(eventJSON)}", numbered: false)
    }

    /// Appends a message (adding its sequence number) and sends it to every connected page.
    private func append(_ object: String, numbered: Bool = true) {
        let sequence = log.count
        let message: String
        if numbered {
            // `object` is a JSON object "{...}": insert the sequence number as its first member.
            message = "{\"seq\":\(sequence)," + object.dropFirst()
        } else {
            message = object
        }
        log.append(message)
        for continuation in subscribers.values { continuation.yield(message) }
    }

    /// Sends control-point bytes to the page (Bluetooth mode).
    func sendWrite(_ bytes: [UInt8]) {
        append(Self.json(["type": "ftmsWrite", "bytes": bytes.hex]))
    }

    /// A stream of every message after `after`, then the new ones as they come.
    func subscribe(after: Int?) -> (UUID, AsyncStream<String>) {
        let start = (after ?? acknowledged) + 1
        let (stream, continuation) = AsyncStream<String>.makeStream()
        for message in log.dropFirst(max(0, start)) { continuation.yield(message) }
        let key = UUID()
        if isClosed {
            continuation.finish()
        } else {
            subscribers[key] = continuation
        }
        return (key, stream)
    }

    func unsubscribe(_ key: UUID) {
        subscribers.removeValue(forKey: key)?.finish()
    }

    /// Messages logged so far.
    var messageCount: Int { log.count }

    /// Handles one client message; returns the replies for that client only (acknowledgements, errors).
    func handle(clientMessage text: String) -> [String] {
        guard text.utf8.count <= 4096,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let type = object["type"] as? String
        else {
            return [Self.json(["type": "error", "message": "malformed message: expected a JSON object with a type"])]
        }
        if let sequence = object["seq"] as? Int {
            if sequence <= lastClientSequence {
                return [Self.json(["type": "ack", "seq": sequence, "duplicate": true])]
            }
        }
        var replies: [String] = []
        switch type {
        case "ack":
            guard let sequence = object["seq"] as? Int, sequence >= 0, sequence < log.count else {
                return [Self.json(["type": "error", "message": "ack: seq must be a number the server sent"])]
            }
            acknowledged = max(acknowledged, sequence)
            return []
        case "input":
            guard let action = object["action"] as? String, let input = Self.input(for: action) else {
                return [
                    Self.json([
                        "type": "error",
                        "message": "input: unknown action; expected one of \(Self.actions.joined(separator: ", "))",
                    ])
                ]
            }
            guard !isClosed else { return [Self.json(["type": "error", "message": "the session has ended"])] }
            inputs.push(input)
            // Stopping ends the session: no more input will come, so the runner closes it with what it has.
            if action == "stop" || action == "pain" { inputs.close() }
        case "ftms":
            guard let mailbox else {
                return [Self.json(["type": "error", "message": "ftms: this session has no Bluetooth treadmill"])]
            }
            guard let code = object["characteristic"] as? String, let value = UInt16(code, radix: 16),
                let characteristic = FTMSCharacteristic(rawValue: value),
                let hex = object["bytes"] as? String, let bytes = [UInt8](hex: hex)
            else {
                return [
                    Self.json([
                        "type": "error", "message": "ftms: characteristic must be a known FTMS UUID and bytes hex",
                    ])
                ]
            }
            mailbox.receive(FTMSMessage(characteristic, bytes))
        case "bleDisconnected":
            mailbox?.markDisconnected()
        case "bleConnected":
            guard let mailbox else {
                return [
                    Self.json(["type": "error", "message": "bleConnected: this session has no Bluetooth treadmill"])
                ]
            }
            func bytes(_ key: String) -> [UInt8]? { (object[key] as? String).flatMap { [UInt8](hex: $0) } }
            guard let feature = bytes("feature") else {
                return [Self.json(["type": "error", "message": "bleConnected: feature must be hex bytes"])]
            }
            mailbox.reconnect(
                BluetoothConnection(
                    feature: feature, speedRange: bytes("speedRange"), inclinationRange: bytes("inclinationRange")))
        case "ping":
            // The page's link check: it pauses the belt by itself when no answer comes for 2 s.
            return [Self.json(["type": "pong"])]
        default:
            return [Self.json(["type": "error", "message": "unknown message type '\(type.prefix(40))'"])]
        }
        if let sequence = object["seq"] as? Int {
            lastClientSequence = sequence
            replies.append(Self.json(["type": "ack", "seq": sequence]))
        }
        return replies
    }

    static let actions = ["start", "pause", "toggle", "stop", "pain", "skip", "done", "faster", "slower", "extend"]

    static func input(for action: String) -> SessionInput? {
        switch action {
        case "start": .userStart
        case "pause": .userPause
        case "toggle": .togglePause
        case "stop": .userStop
        case "pain": .painStop
        case "skip": .skip
        case "done": .markDone
        case "faster": .speedUp
        case "slower": .slowDown
        case "extend": .extend(30)
        default: nil
        }
    }

    /// Ends the session now (server shutdown): the runner closes it with what it has, as interrupted.
    func end() {
        endedByServer = true
        inputs.requestEnd()
    }

    /// Whether the server ended the session (shutdown) rather than the user or the workout.
    private var endedByServer = false

    static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Forwards the Bluetooth driver's writes (made on the runner's task) to the session actor.
final class MailboxForwarder: @unchecked Sendable {
    private let lock = NSLock()
    weak var session: LiveSession?

    func attach(_ session: LiveSession) {
        lock.lock()
        defer { lock.unlock() }
        self.session = session
    }

    func forward(_ bytes: [UInt8]) {
        lock.lock()
        let session = self.session
        lock.unlock()
        guard let session else { return }
        Task { await session.sendWrite(bytes) }
    }
}
