import BackstepCore
import BackstepStorage
import Foundation

/// Sessions done against planned over a window (schema `Adherence`).
struct AdherenceResponse: Codable, Sendable {
    var days: Int
    var planned: Int
    var done: Int
    var ratio: Double?

    init(_ window: AdherenceWindow) {
        days = window.days
        planned = window.planned
        done = window.done
        ratio = window.ratio
    }
}

/// A raised flag (schema `CareFlag`).
struct CareFlagResponse: Codable, Sendable {
    var key: String
    var kind: CareFlagKind
    var severity: CareFlagSeverity
    var reason: String
    var raisedAt: Date
    var sessionId: SessionID?

    init(_ flag: CareFlag) {
        key = flag.key
        kind = flag.kind
        severity = flag.severity
        reason = flag.reason
        raisedAt = flag.raisedAt
        sessionId = flag.sessionId
    }
}

/// A client in the professional's list (schema `ClientSummary`).
struct ClientSummaryResponse: Codable, Sendable {
    var id: UserID
    var name: String
    var practiceName: String
    var scope: CareScope
    var linkedAt: Date
    var adherence7: AdherenceResponse
    var adherence30: AdherenceResponse
    var lastSessionAt: Date?
    var painTrend: PainTrend
    var openFlags: [CareFlagResponse]
    var unreadMessages: Int

    init(_ summary: ClientSummary) {
        id = summary.linked.client.id
        name = summary.linked.client.name
        practiceName = summary.linked.practiceName
        scope = summary.linked.link.scope
        linkedAt = summary.linked.link.grantedAt
        adherence7 = AdherenceResponse(summary.adherence7)
        adherence30 = AdherenceResponse(summary.adherence30)
        lastSessionAt = summary.lastSessionAt
        painTrend = summary.painTrend
        openFlags = summary.openFlags.map(CareFlagResponse.init)
        unreadMessages = summary.unreadMessages
    }
}

/// An acknowledged flag with its review (schema `ReviewedFlag`).
struct ReviewedFlagResponse: Codable, Sendable {
    var flag: CareFlagResponse
    var reviewedBy: String
    var reviewedAt: Date
    var note: String
}

/// One client as the professional sees them (schema `ClientOverview`).
struct ClientOverviewResponse: Codable, Sendable {
    var client: ClientSummaryResponse
    var profile: ProfileResponse?
    var screening: ScreeningResponse?
    var plan: PlanResponse?
    var recentSessions: [SessionOverviewResponse]
    var decision: ProgressionDecisionResponse?
    var assessments: [AssessmentResponse]
    var reviewedFlags: [ReviewedFlagResponse]

    init(_ overview: ClientOverview) {
        client = ClientSummaryResponse(overview.summary)
        profile = overview.profile.map(ProfileResponse.init)
        screening = overview.screening.map(ScreeningResponse.init)
        plan = overview.plan.map(PlanResponse.init)
        recentSessions = overview.sessions.map(SessionOverviewResponse.init)
        decision = overview.decision.map { ProgressionDecisionResponse($0.decision) }
        assessments = overview.assessments.map(AssessmentResponse.init)
        reviewedFlags = overview.reviewedFlags.map { flag, review in
            ReviewedFlagResponse(
                flag: CareFlagResponse(flag), reviewedBy: review.reviewerName, reviewedAt: review.reviewedAt,
                note: review.note)
        }
    }
}

/// The body of `POST /clients/{id}/flag-reviews` (schema `FlagReviewRequest`).
struct FlagReviewRequest: Codable, Sendable {
    var flagKey: String
    var note: String?
}
