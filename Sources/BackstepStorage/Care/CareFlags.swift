import BackstepCore
import Foundation

/// Why a client needs a professional's attention.
public enum CareFlagKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Pain during or right after a session above the client's threshold.
    case painDuring = "pain-during"
    /// Pain the next morning above the client's threshold.
    case painNextMorning = "pain-next-morning"
    /// Pain rose from session to session over the latest three.
    case risingPain = "rising-pain"
    /// The client lost their balance or nearly fell.
    case nearFall = "near-fall"
    /// Chest pain, dizziness or faintness: reported after a session or a medical stop during one.
    case medicalStop = "medical-stop"
    /// A session stopped for loss of balance.
    case balanceStop = "balance-stop"
    /// The progression engine stepped back or told the client to stop and see a professional.
    case progressionDecision = "progression-decision"
    /// No session for the set number of days.
    case inactive
    /// A safety event in a live session: the treadmill link lost, the safety key out, a treadmill fault.
    case safetyEvent = "safety-event"

    /// The kind in words, for lists.
    public var label: String {
        switch self {
        case .painDuring: "Pain during the session"
        case .painNextMorning: "Pain the next morning"
        case .risingPain: "Rising pain"
        case .nearFall: "Near-fall or loss of balance"
        case .medicalStop: "Medical warning sign"
        case .balanceStop: "Stopped for balance"
        case .progressionDecision: "Progression stepped back"
        case .inactive: "No recent session"
        case .safetyEvent: "Safety event on the treadmill"
        }
    }
}

/// How urgent a flag is: urgent ones come first in the clients list.
public enum CareFlagSeverity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Look at it soon.
    case attention
    /// Look at it before the client trains again.
    case urgent

    public static func < (lhs: CareFlagSeverity, rhs: CareFlagSeverity) -> Bool {
        lhs == .attention && rhs == .urgent
    }
}

/// A raised flag: what, why, when and about which session. Its `key` is stable for the same cause, so a
/// professional's acknowledgement (stored by key) keeps it cleared, and a new cause raises a new flag.
public struct CareFlag: Hashable, Sendable, Codable, Identifiable {
    /// The rule that raised it.
    public var kind: CareFlagKind
    /// How urgent it is.
    public var severity: CareFlagSeverity
    /// Stable for the same cause (e.g. `pain-during:<session id>`).
    public var key: String
    /// When the cause happened.
    public var raisedAt: Date
    /// The session it is about, if any.
    public var sessionId: SessionID?
    /// What the rule found, in words.
    public var reason: String

    /// The key.
    public var id: String { key }

    /// Creates a flag.
    public init(
        kind: CareFlagKind, severity: CareFlagSeverity, key: String, raisedAt: Date, sessionId: SessionID?,
        reason: String
    ) {
        self.kind = kind
        self.severity = severity
        self.key = key
        self.raisedAt = raisedAt
        self.sessionId = sessionId
        self.reason = reason
    }
}

/// A professional's acknowledgement of a flag, with a note.
public struct CareFlagReview: Hashable, Sendable, Codable {
    /// The client.
    public var clientId: UserID
    /// The flag's key.
    public var flagKey: String
    /// Who acknowledged it.
    public var reviewedBy: UserID
    /// Their name at the time.
    public var reviewerName: String
    /// When.
    public var reviewedAt: Date
    /// What they noted (up to 2,000 characters; may be empty).
    public var note: String

    /// Creates a review.
    public init(
        clientId: UserID, flagKey: String, reviewedBy: UserID, reviewerName: String, reviewedAt: Date, note: String
    ) {
        self.clientId = clientId
        self.flagKey = flagKey
        self.reviewedBy = reviewedBy
        self.reviewerName = reviewerName
        self.reviewedAt = reviewedAt
        self.note = note
    }

    /// Longest note accepted.
    public static let maximumNoteLength = 2000
}

/// What the flag rules read about one client.
public struct CareFlagInput: Sendable {
    /// Recent sessions, any order (the rules sort them).
    public var sessions: [SessionOverview]
    /// The stop reasons recorded in each session's events.
    public var stops: [SessionID: [StopReason]]
    /// The progression decision after the latest session, with that session's id.
    public var decision: (decision: ProgressionDecision, sessionId: SessionID)?
    /// The latest session's start over the whole history, if any (the recent list may be a window).
    public var lastSessionAt: Date?
    /// Since when the professional has been able to see the client (inactivity counts from here at the earliest).
    public var watchedSince: Date

    /// Creates the input.
    public init(
        sessions: [SessionOverview], stops: [SessionID: [StopReason]] = [:],
        decision: (decision: ProgressionDecision, sessionId: SessionID)? = nil, lastSessionAt: Date?,
        watchedSince: Date
    ) {
        self.sessions = sessions
        self.stops = stops
        self.decision = decision
        self.lastSessionAt = lastSessionAt
        self.watchedSince = watchedSince
    }
}

/// The rules that raise flags, with their thresholds. Pure: the same input and `now` give the same flags.
///
/// The pain threshold follows the pain-monitoring model used in knee and tendon rehabilitation (Silbernagel et al.,
/// Am J Sports Med 2007): pain up to 5/10 during exercise is acceptable and must settle by the next morning.
public struct CareFlagRules: Hashable, Sendable {
    /// Pain above this (0–10) raises a flag: 5 by default.
    public var painThreshold: Int
    /// Days without a session that raise the inactivity flag: 7 by default.
    public var inactiveDays: Int
    /// How far back session flags are raised: 30 days by default.
    public var lookbackDays: Int

    /// Creates the rules.
    public init(painThreshold: Int = 5, inactiveDays: Int = 7, lookbackDays: Int = 30) {
        self.painThreshold = painThreshold
        self.inactiveDays = inactiveDays
        self.lookbackDays = lookbackDays
    }

    /// Every flag the input raises at `now`, urgent first, then newest first.
    public func flags(_ input: CareFlagInput, now: Date) -> [CareFlag] {
        let since = now.addingTimeInterval(-Double(lookbackDays) * 86_400)
        let recent = input.sessions.filter { $0.startedAt >= since && $0.startedAt <= now }
            .sorted { ($0.startedAt, $0.id.uuidString) < ($1.startedAt, $1.id.uuidString) }
        var flags: [CareFlag] = []
        for session in recent {
            flags += sessionFlags(session, stops: input.stops[session.id] ?? [])
        }
        if let rising = risingPain(recent) { flags.append(rising) }
        if let (decision, sessionId) = input.decision,
            decision.action == .regress || decision.action == .stopAndSeeProfessional,
            let session = recent.first(where: { $0.id == sessionId })
        {
            let because = decision.reasons.first.map { ": \($0.message)" } ?? ""
            flags.append(
                CareFlag(
                    kind: .progressionDecision,
                    severity: decision.action == .stopAndSeeProfessional ? .urgent : .attention,
                    key: "progression-decision:\(sessionId)", raisedAt: session.startedAt, sessionId: sessionId,
                    reason: "The next session will \(decision.action.label)\(because)"))
        }
        let quietSince = max(input.lastSessionAt ?? input.watchedSince, input.watchedSince)
        let quietDays = Int(now.timeIntervalSince(quietSince) / 86_400)
        if quietDays >= inactiveDays {
            let what = input.lastSessionAt.map { _ in "the last session" } ?? "access was granted, and none yet"
            flags.append(
                CareFlag(
                    kind: .inactive, severity: .attention,
                    key: "inactive:\(Int(quietSince.timeIntervalSince1970))", raisedAt: quietSince, sessionId: nil,
                    reason: "\(quietDays) days since \(what) (the limit is \(inactiveDays))"))
        }
        return flags.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.raisedAt != rhs.raisedAt { return lhs.raisedAt > rhs.raisedAt }
            return lhs.key < rhs.key
        }
    }

    func sessionFlags(_ session: SessionOverview, stops: [StopReason]) -> [CareFlag] {
        var flags: [CareFlag] = []
        func flag(_ kind: CareFlagKind, _ severity: CareFlagSeverity, _ reason: String) {
            flags.append(
                CareFlag(
                    kind: kind, severity: severity, key: "\(kind.rawValue):\(session.id)",
                    raisedAt: session.startedAt, sessionId: session.id, reason: reason))
        }
        if let feedback = session.feedback {
            let peak = max(feedback.painDuring, feedback.painAfter)
            if peak > painThreshold {
                flag(
                    .painDuring, .attention, "Pain \(peak)/10 during or after the session (threshold \(painThreshold))")
            }
            if let morning = feedback.painNextMorning, morning > painThreshold {
                flag(.painNextMorning, .attention, "Pain \(morning)/10 the next morning (threshold \(painThreshold))")
            }
            if feedback.hadBalanceEvent {
                flag(.nearFall, .urgent, feedback.nearFall ? "Reported a near-fall" : "Reported losing their balance")
            }
            if !feedback.redFlags.isEmpty {
                let words = feedback.redFlags.sorted().map(\.label).joined(separator: ", ")
                flag(.medicalStop, .urgent, "Reported \(words)")
            }
        }
        let medical = stops.filter { $0.category == .medical }
        if !medical.isEmpty, !flags.contains(where: { $0.kind == .medicalStop }) {
            flag(.medicalStop, .urgent, "Stopped the session for \(Self.words(medical))")
        }
        let balance = stops.filter { $0.category == .balance }
        if !balance.isEmpty {
            flag(.balanceStop, .urgent, "Stopped the session for \(Self.words(balance))")
        }
        let safety = stops.filter { [.linkLost, .safetyKey, .treadmillFault].contains($0) }
        if !safety.isEmpty {
            flag(.safetyEvent, .attention, "The belt stopped: \(Self.words(safety))")
        }
        return flags
    }

    static func words(_ reasons: [StopReason]) -> String {
        var seen: [StopReason] = []
        for reason in reasons where !seen.contains(reason) { seen.append(reason) }
        return seen.map { $0.rawValue.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", ")
    }

    /// Pain (the peak of during, after and next morning) strictly rising over the latest three sessions with
    /// feedback, ending above zero.
    func risingPain(_ sessions: [SessionOverview]) -> CareFlag? {
        let rated = sessions.filter { $0.feedback != nil }.suffix(3)
        guard rated.count == 3 else { return nil }
        let pains = rated.compactMap { $0.feedback?.peakPain }
        guard pains.count == 3, pains[0] < pains[1], pains[1] < pains[2], let last = rated.last else { return nil }
        return CareFlag(
            kind: .risingPain, severity: .attention, key: "rising-pain:\(last.id)", raisedAt: last.startedAt,
            sessionId: last.id,
            reason: "Pain rose over three sessions: \(pains.map { "\($0)/10" }.joined(separator: ", "))")
    }
}
