import BackstepCore
import BackstepLive
import BackstepTreadmill
import FTMSCodec
import Foundation

/// The mailbox between a Bluetooth session's WebSocket (the page relays the treadmill's notification bytes) and
/// its runner (which decodes them with `FTMSTreadmillDriver`). Control-point bytes go the other way through
/// `onWrite`, which the live session sends to the page.
final class BridgeMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var inbound: [FTMSMessage] = []
    private var disconnectedFlag = false
    private var reconnection: BluetoothConnection?
    private let onWrite: @Sendable ([UInt8]) -> Void

    init(onWrite: @escaping @Sendable ([UInt8]) -> Void) {
        self.onWrite = onWrite
    }

    /// Queues bytes the page received from the treadmill.
    func receive(_ message: FTMSMessage) {
        lock.lock()
        defer { lock.unlock() }
        inbound.append(message)
    }

    /// The page lost the Bluetooth link.
    func markDisconnected() {
        lock.lock()
        defer { lock.unlock() }
        disconnectedFlag = true
    }

    /// The page connected the treadmill again and read its characteristics anew.
    func reconnect(_ connection: BluetoothConnection) {
        lock.lock()
        defer { lock.unlock() }
        reconnection = connection
    }

    func drain() -> (messages: [FTMSMessage], disconnected: Bool, reconnection: BluetoothConnection?) {
        lock.lock()
        defer { lock.unlock() }
        let result = (inbound, disconnectedFlag, reconnection)
        inbound.removeAll(keepingCapacity: true)
        disconnectedFlag = false
        reconnection = nil
        return result
    }

    func write(_ bytes: [UInt8]) { onWrite(bytes) }
}

/// A treadmill reached through the browser's Web Bluetooth: the codec and the driver stay in Swift, the page
/// only moves bytes.
struct BridgeLink: TreadmillLink {
    var driver = FTMSTreadmillDriver()
    let mailbox: BridgeMailbox
    let feature: [UInt8]
    let speedRange: [UInt8]?
    let inclinationRange: [UInt8]?

    /// What the machine can do, known from its characteristics before the engine is configured.
    private let announced: TreadmillCapabilities

    var capabilities: TreadmillCapabilities { driver.capabilities ?? announced }

    /// Reads the connection-time characteristics so `capabilities` is known before the engine is configured.
    ///
    /// They are read by a throwaway copy of the driver: the real one must see `connected` only once, in
    /// `connect(at:)`, or it would take the second call for a reconnection and report the link lost.
    init(mailbox: BridgeMailbox, feature: [UInt8], speedRange: [UInt8]?, inclinationRange: [UInt8]?) {
        self.mailbox = mailbox
        self.feature = feature
        self.speedRange = speedRange
        self.inclinationRange = inclinationRange
        var probe = FTMSTreadmillDriver()
        _ = probe.connected(feature: feature, speedRange: speedRange, inclinationRange: inclinationRange, now: .zero)
        announced =
            probe.capabilities ?? TreadmillCapabilities(minimumSpeed: .zero, maximumSpeed: .zero, controllable: false)
    }

    mutating func connect(at t: Seconds) -> [TimedObservation] {
        stamp(
            carry(
                driver.connected(
                    feature: feature, speedRange: speedRange, inclinationRange: inclinationRange, now: Self.duration(t))
            ),
            at: t)
    }

    mutating func send(_ command: TreadmillCommand, at t: Seconds) -> [TimedObservation] {
        stamp(carry(driver.send(command, now: Self.duration(t))), at: t)
    }

    /// Bridge messages carry no session time of their own: they count from when the runner drains them.
    private func stamp(_ observations: [TreadmillObservation], at t: Seconds) -> [TimedObservation] {
        observations.map { TimedObservation(t: t, observation: $0) }
    }

    mutating func advance(to t: Seconds) -> [TimedObservation] {
        stamp(drainObservations(at: t), at: t)
    }

    private mutating func drainObservations(at t: Seconds) -> [TreadmillObservation] {
        let now = Self.duration(t)
        let (messages, disconnected, reconnection) = mailbox.drain()
        var observations: [TreadmillObservation] = []
        if disconnected { observations += carry(driver.disconnected(now: now)) }
        if let again = reconnection {
            // The driver reports the link restored; the engine asks for control again and waits for Start.
            observations += carry(
                driver.connected(
                    feature: again.feature, speedRange: again.speedRange, inclinationRange: again.inclinationRange,
                    now: now))
        }
        for message in messages {
            observations += carry(driver.receive(message.characteristic, message.bytes, now: now))
        }
        observations += carry(driver.tick(now: now))
        return observations
    }

    var nextEventTime: Seconds? { nil }

    private mutating func carry(_ actions: [FTMSTreadmillDriver.Action]) -> [TreadmillObservation] {
        var observations: [TreadmillObservation] = []
        for action in actions {
            switch action {
            case .write(let bytes): mailbox.write(bytes)
            case .observe(let observation): observations.append(observation)
            case .disconnect: mailbox.write([])
            case .scheduleTick, .diagnostic: break
            }
        }
        return observations
    }

    static func duration(_ seconds: Seconds) -> Duration {
        .nanoseconds(Int64((max(seconds, 0) * 1e9).rounded()))
    }

    /// The bytes that pause the belt (FTMS control point 0x08 0x02). The page keeps them from the start and writes
    /// them by itself when the server link is silent for more than 2 s.
    static let pauseBytes = ControlPointRequest.stopOrPause(.pause).encode()
}

extension Array where Element == UInt8 {
    /// Lower-case hex.
    var hex: String { map { String(format: "%02x", $0) }.joined() }

    /// Parses hex (even length, 0-9a-f); nil when malformed.
    init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0, chars.count <= 1024 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = Self.nibble(chars[index]), let low = Self.nibble(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
