import BackstepCore
import BackstepStorage
import Foundation

/// A client in the professional's list: enough to see who needs attention first.
struct ClientSummary: Sendable {
    /// The client and the consent that links them.
    var linked: LinkedClient
    /// Done against planned over the last 7 and 30 days.
    var adherence7: AdherenceWindow
    var adherence30: AdherenceWindow
    /// The latest session's start, if any.
    var lastSessionAt: Date?
    /// Which way pain has been going.
    var painTrend: PainTrend
    /// Flags not acknowledged yet, urgent first.
    var openFlags: [CareFlag]
    /// Messages and notes of the client's thread the professional has not read (in the list only).
    var unreadMessages = 0

    /// The list's order: more urgent open flags, then more open flags, then lower 7-day adherence, then the
    /// longest without a session, then by name.
    static func needsAttentionFirst(_ a: ClientSummary, _ b: ClientSummary) -> Bool {
        let urgentA = a.openFlags.filter { $0.severity == .urgent }.count
        let urgentB = b.openFlags.filter { $0.severity == .urgent }.count
        if urgentA != urgentB { return urgentA > urgentB }
        if a.openFlags.count != b.openFlags.count { return a.openFlags.count > b.openFlags.count }
        let ratioA = a.adherence7.ratio ?? 2
        let ratioB = b.adherence7.ratio ?? 2
        if ratioA != ratioB { return ratioA < ratioB }
        let lastA = a.lastSessionAt ?? .distantPast
        let lastB = b.lastSessionAt ?? .distantPast
        if lastA != lastB { return lastA < lastB }
        return (a.linked.client.name, a.linked.client.id.uuidString) < (
            b.linked.client.name, b.linked.client.id.uuidString
        )
    }
}

/// One client as the professional's client page shows them.
struct ClientOverview: Sendable {
    /// The list's figures and open flags.
    var summary: ClientSummary
    /// The client's current profile.
    var profile: Profile?
    /// The latest screening.
    var screening: Screening?
    /// The current plan.
    var plan: StoredPlan?
    /// Recent sessions, newest first.
    var sessions: [SessionOverview]
    /// The progression decision after the latest session with feedback.
    var decision: (decision: ProgressionDecision, sessionId: SessionID)?
    /// Assessments, oldest first.
    var assessments: [AssessmentRecord]
    /// Flags that were acknowledged, with their reviews, newest first.
    var reviewedFlags: [(flag: CareFlag, review: CareFlagReview)]
}

extension CareService {
    /// How far back the client pages read sessions.
    static let recentSessions = 60
    /// The flag rules in force (defaults of `CareFlagRules`).
    static let flagRules = CareFlagRules()

    /// The professional's clients, who needs attention first. Each client's summary is one logged read.
    func clients(
        of professional: User, through channel: AccessChannel, address: String?, now: Date
    ) async throws
        -> [ClientSummary]
    {
        try Self.requireProfessional(professional)
        var summaries: [ClientSummary] = []
        let practices = try await store.practices(of: professional.id).map(\.id)
        for linked in try await store.linkedClients(of: professional.id) {
            let access = Access.client(
                linked.client.id, by: professional,
                origin: AccessOrigin(actorName: professional.name, channel: channel, address: address, at: now))
            do {
                try await training.authorize(.read, access, resource: "summary in the clients list")
            } catch is AccessDenied {
                continue  // revoked between the two reads
            }
            var summary = try await summary(linked, now: now).summary
            summary.unreadMessages = try await unreadMessages(
                client: linked.client.id, professional: professional.id, practices: practices)
            summaries.append(summary)
        }
        return summaries.sorted(by: ClientSummary.needsAttentionFirst)
    }

    /// One client's page: profile, screening, plan, sessions, decision, assessments and flags. One logged read.
    /// - Throws: `AccessDenied` (404 at the edge) without consent.
    func client(_ access: Access, now: Date) async throws -> ClientOverview {
        let linked = try await consentedClient(access, resource: "client overview")
        var (summary, facts) = try await summary(linked, now: now)
        summary.unreadMessages = try await unreadMessages(
            client: access.subject, professional: access.actor.userId,
            practices: try await store.practices(of: access.actor.userId).map(\.id))
        let reviews = try await store.flagReviews(client: access.subject)
        let all = Self.flagRules.flags(facts.input, now: now)
        let reviewed = all.compactMap { flag in reviews.first { $0.flagKey == flag.key }.map { (flag, $0) } }
        return ClientOverview(
            summary: summary, profile: try await store.currentProfile(for: access.subject)?.profile,
            screening: try await store.latestScreening(for: access.subject)?.screening, plan: facts.plan,
            sessions: facts.input.sessions, decision: facts.input.decision,
            assessments: try await store.assessments(for: access.subject), reviewedFlags: reviewed)
    }

    /// Acknowledges one of the client's flags with a note; it leaves the open list.
    /// - Throws: `CareError.noSuchFlag` for a flag the client does not have; `.noteTooLong`.
    func acknowledgeFlag(_ key: String, note: String?, _ access: Access, now: Date) async throws {
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= CareFlagReview.maximumNoteLength else {
            throw CareError.noteTooLong(max: CareFlagReview.maximumNoteLength)
        }
        try await training.authorize(.read, access, resource: "flag acknowledged")
        let overview = try await client(access, now: now)
        guard
            overview.summary.openFlags.contains(where: { $0.key == key })
                || overview.reviewedFlags.contains(where: { $0.flag.key == key })
        else { throw CareError.noSuchFlag }
        guard let origin = access.origin else { throw CareError.noSuchFlag }
        try await store.saveFlagReview(
            CareFlagReview(
                clientId: access.subject, flagKey: key, reviewedBy: access.actor.userId, reviewerName: origin.actorName,
                reviewedAt: now, note: note))
    }

    /// What the flag rules and the list read about one client, without logging (the callers log).
    private func summary(
        _ linked: LinkedClient, now: Date
    ) async throws -> (
        summary: ClientSummary, (input: CareFlagInput, plan: StoredPlan?)
    ) {
        let client = linked.client.id
        let sessions = try await store.sessions(for: client, limit: Self.recentSessions)
        let plan = try await store.currentPlan(for: client)
        let since = now.addingTimeInterval(-Double(Self.flagRules.lookbackDays) * 86_400)
        var stops: [SessionID: [StopReason]] = [:]
        for session in sessions where session.startedAt >= since && session.source == .live {
            stops[session.id] = Self.stopReasons(try await store.events(of: session.id))
        }
        let decision = try await TrainingService.progressionDecision(of: client, in: store)
        let input = CareFlagInput(
            sessions: sessions, stops: stops, decision: decision, lastSessionAt: sessions.first?.startedAt,
            watchedSince: linked.link.grantedAt)
        let reviewed = Set(try await store.flagReviews(client: client).map(\.flagKey))
        let open = Self.flagRules.flags(input, now: now).filter { !reviewed.contains($0.key) }
        let summary = ClientSummary(
            linked: linked, adherence7: .compute(days: 7, plan: plan, sessions: sessions, now: now),
            adherence30: .compute(days: 30, plan: plan, sessions: sessions, now: now),
            lastSessionAt: sessions.first?.startedAt, painTrend: .of(sessions), openFlags: open)
        return (summary, (input, plan))
    }

    /// The reasons of the `stopped` events of a session.
    static func stopReasons(_ events: [StoredSessionEvent]) -> [StopReason] {
        struct Stopped: Decodable { var reason: StopReason? }
        return events.filter { $0.type == "stopped" }.compactMap { event in
            (try? JSONDecoder().decode(Stopped.self, from: Data(event.json.utf8)))?.reason
        }
    }
}
