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
    nonisolated let id: SessionID
    nonisolated let userId: UserID
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
        id: SessionID, userId: UserID, start: LiveStart, recorder: SessionRecorder, clock: ServerClock, logger: Logger
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
            .welcome(sessionId: id, mode: mode, workout: workoutName, pauseBytes: BridgeLink.pauseBytes))
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
            } catch StorageError.conflict(let reason) {
                // The store refuses this session's writes (it was closed elsewhere): nothing more can be kept, so
                // the belt must not go on. End it now (the engine stops the belt), tell the page, close it as
                // interrupted.
                if !recordingRefused {
                    recordingRefused = true
                    logger.error("live session \(id): the store refused its writes (\(reason)); ending it")
                    append(
                        .error(
                            "This session can no longer be recorded (it was closed elsewhere): the belt is stopped "
                                + "and the session ends as interrupted."))
                    end()
                }
            } catch {
                // The recorder keeps what it could not write and sends it again with the next write.
                logger.warning("live session \(id): could not store an output yet: \(error)")
            }
            append(.event(output))
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
            append(.closed(sessionId: id, status: status))
            for continuation in subscribers.values { continuation.finish() }
            subscribers.removeAll()
        }
    }

    /// Appends a numbered message and sends it to every connected page.
    private func append(_ message: ServerMessage) {
        let text = message.text(seq: log.count)
        log.append(text)
        for continuation in subscribers.values { continuation.yield(text) }
    }

    /// Sends control-point bytes to the page (Bluetooth mode).
    func sendWrite(_ bytes: [UInt8]) {
        append(.ftmsWrite(bytes))
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
        let message: ClientMessage
        do {
            message = try ClientMessage(text: text)
        } catch {
            return [ServerMessage.error(error.message).text()]
        }
        return handle(message).map { $0.text() }
    }

    /// Applies one client message; returns the replies for that client only.
    func handle(_ message: ClientMessage) -> [ServerMessage] {
        if let sequence = message.sequence, sequence <= lastClientSequence {
            return [.ack(seq: sequence, duplicate: true)]
        }
        switch message {
        case .hello:
            // The socket subscribes the page; nothing to apply here.
            return []
        case .ack(let sequence):
            guard sequence >= 0, sequence < log.count else { return [.error(LiveProtocolError.badAck.message)] }
            acknowledged = max(acknowledged, sequence)
            return []
        case .input(let action, _):
            guard !isClosed else { return [.error("the session has ended")] }
            inputs.push(action.input)
            // Stopping ends the session: no more input will come, so the runner closes it with what it has.
            if action.endsSession { inputs.close() }
        case .ftms(let characteristic, let bytes, _):
            guard let mailbox else { return [.error("ftms: this session has no Bluetooth treadmill")] }
            mailbox.receive(FTMSMessage(characteristic, bytes))
        case .bleDisconnected:
            mailbox?.markDisconnected()
        case .bleConnected(let feature, let speedRange, let inclinationRange, _):
            guard let mailbox else { return [.error("bleConnected: this session has no Bluetooth treadmill")] }
            mailbox.reconnect(
                BluetoothConnection(feature: feature, speedRange: speedRange, inclinationRange: inclinationRange))
        case .ping:
            // The page's link check: it pauses the belt by itself when no answer comes for 2 s.
            return [.pong]
        }
        guard let sequence = message.sequence else { return [] }
        lastClientSequence = sequence
        return [.ack(seq: sequence, duplicate: false)]
    }

    /// Ends the session now (server shutdown): the runner closes it with what it has, as interrupted.
    func end() {
        endedByServer = true
        inputs.requestEnd()
    }

    /// Whether the server ended the session (shutdown) rather than the user or the workout.
    private var endedByServer = false
    /// Whether the store refused a write of this session (then it is being ended).
    private(set) var recordingRefused = false
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
