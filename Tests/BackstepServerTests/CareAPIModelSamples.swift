import BackstepCore
import BackstepStorage
import Foundation

@testable import BackstepServer

/// Samples of the professional side's API types, by schema, for `OpenAPISchemaConformanceTests`.
extension APIModelSamples {
    static let professional = User(id: UserID(id), name: "Dr. Kim Physio", role: .professional, createdAt: now)
    static let practice = Practice(
        id: PracticeID(id), name: "Knee Clinic", kind: .clinic, ownerId: professional.id, createdAt: now)

    static func member(full: Bool) -> PracticeMember {
        PracticeMember(
            practiceId: practice.id, professional: professional,
            details: full
                ? ProfessionalDetails(userId: professional.id, profession: .physiotherapist, registrationNumber: "PH1")
                : nil,
            role: .owner, addedAt: now)
    }

    static let invitation = CareInvitation(
        id: InvitationID(id), codeHash: String(repeating: "a", count: 64), practiceId: practice.id,
        invitedBy: professional.id, scope: .prescribe, note: "Ana", createdAt: now)
    static let careLink = CareLink(
        id: CareLinkID(id), practiceId: practice.id, clientId: user.id, scope: .read, invitationId: invitation.id,
        grantedAt: now)

    static func flag(full: Bool) -> CareFlag {
        CareFlag(
            kind: .painDuring, severity: .attention, key: "pain-during:\(id)", raisedAt: now,
            sessionId: full ? SessionID(id) : nil, reason: "Pain 7/10")
    }

    static func clientSummary(full: Bool) -> ClientSummary {
        ClientSummary(
            linked: LinkedClient(client: user, link: careLink, practiceName: practice.name),
            adherence7: AdherenceWindow(days: 7, planned: full ? 3 : 0, done: 1),
            adherence30: AdherenceWindow(days: 30, planned: 12, done: 9), lastSessionAt: full ? now : nil,
            painTrend: full ? .rising : .unknown, openFlags: full ? [flag(full: true), flag(full: false)] : [])
    }

    static func clientOverview(full: Bool) throws -> ClientOverview {
        let review = CareFlagReview(
            clientId: user.id, flagKey: flag(full: true).key, reviewedBy: professional.id,
            reviewerName: professional.name, reviewedAt: now, note: "Called her")
        return ClientOverview(
            summary: clientSummary(full: full), profile: full ? fullProfile : nil,
            screening: full
                ? Screening(
                    date: now, answers: Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) }))
                : nil,
            plan: full ? try storedPlan(full: true) : nil, sessions: full ? [fullOverview, minimalOverview] : [],
            decision: full ? (decision(stageChange: true), SessionID(id)) : nil,
            assessments: full ? [assessment(full: true)] : [],
            reviewedFlags: full ? [(flag(full: true), review)] : [])
    }

    static func outcome(full: Bool) throws -> StoredOutcome {
        StoredOutcome(
            id: OutcomeID(id), clientId: user.id,
            result: full
                ? try OutcomeResult.answered(.numericPainRating, answers: ["pain": 4], date: now, note: "after work")
                : try OutcomeResult.recorded(.sixMinuteWalk, value: 420, date: now),
            recordedBy: professional.id, recorderName: professional.name, recordedAt: now)
    }

    static func outcomeSeries(full: Bool) throws -> [OutcomeSeries] {
        if full {
            let first = try StoredOutcome(
                id: OutcomeID(), clientId: user.id,
                result: OutcomeResult.recorded(.timedUpAndGo, value: 15, date: now.addingTimeInterval(-86_400 * 30)),
                recordedBy: professional.id, recorderName: professional.name, recordedAt: now)
            let second = try StoredOutcome(
                id: OutcomeID(), clientId: user.id, result: OutcomeResult.recorded(.timedUpAndGo, value: 11, date: now),
                recordedBy: professional.id, recorderName: professional.name, recordedAt: now)
            let pain = try outcome(full: true)
            return try CareService.series([first, second, pain])
        }
        return try CareService.series([try outcome(full: false)])
    }

    static func prescriptionEntry(full: Bool) -> PrescriptionHistoryEntry {
        PrescriptionHistoryEntry(
            prescription: CarePrescription(
                clientId: user.id, version: full ? 2 : 1, prescribedBy: professional.id,
                prescriberName: professional.name, at: now, reason: "Knee settled; one more day a week",
                parameters: PrescriptionParameters(
                    programs: full ? ["knee-oa"] : [], daysPerWeek: 3, minutesPerSession: 10, weeks: 6,
                    speedCap: full ? .metersPerSecond(0.8) : nil, holdProgression: full),
                planId: PlanID(id)),
            changes: full ? ["Sessions a week: 2 → 3"] : [])
    }

    static let treadmillTarget = CareGoalTarget.treadmill(
        TreadmillGoalTarget(continuousMinutes: 10, minimumSpeed: .metersPerSecond(0.83), maximumSupport: .handsFree))
    static let outcomeTarget = CareGoalTarget.outcome(
        OutcomeGoalTarget(measure: .threeMetreBackwardWalk, threshold: 4.5))

    static func goal(_ status: CareGoalStatus) throws -> GoalStanding {
        GoalStanding(
            stored: StoredGoal(
                id: GoalID(id), clientId: user.id,
                goal: try CareGoal(
                    title: "10 min at 3 km/h without rails", setOn: now, due: now.addingTimeInterval(90 * 86_400),
                    target: treadmillTarget),
                setBy: professional.id, setterName: professional.name),
            status: status)
    }

    static let careSamples: [String: Entry] = [
        "PracticeRequest": entry { try encode(PracticeRequest(name: "Knee Clinic", kind: "clinic")) },
        "PracticeMember": entry(
            full: { try encode(PracticeMemberResponse(member(full: true))) },
            minimal: { try encode(PracticeMemberResponse(member(full: false))) }),
        "Practice": entry(
            full: {
                try encode(
                    PracticeResponse(practice, members: [member(full: true)], invitations: [invitation], now: now))
            },
            minimal: { try encode(PracticeResponse(practice, members: [], invitations: nil, now: now)) }),
        "InvitationRequest": entry(
            full: { try encode(InvitationRequest(scope: .prescribe, note: "Ana")) },
            minimal: { try encode(InvitationRequest(scope: .read, note: nil)) }),
        "Invitation": entry { try encode(InvitationResponse(invitation, now: now)) },
        "NewInvitation": entry(
            full: {
                try encode(
                    NewInvitationResponse(
                        id: invitation.id, code: "ABCD-EFGH-JKLM", path: "/invite/ABCD-EFGH-JKLM",
                        url: "http://localhost/invite/ABCD-EFGH-JKLM", qrSvg: "<svg></svg>", scope: .read, note: "",
                        expiresAt: now))
            },
            minimal: {
                try encode(
                    NewInvitationResponse(
                        id: invitation.id, code: "ABCD-EFGH-JKLM", path: "/invite/ABCD-EFGH-JKLM", url: nil,
                        qrSvg: "<svg></svg>", scope: .read, note: "", expiresAt: now))
            }),
        "InvitationPreview": entry(
            full: {
                try encode(
                    InvitationPreviewResponse(
                        InvitationPreview(
                            invitation: invitation, practice: practice, inviter: professional,
                            inviterDetails: member(full: true).details, status: .pending, members: [member(full: true)])
                    ))
            },
            minimal: {
                try encode(
                    InvitationPreviewResponse(
                        InvitationPreview(
                            invitation: invitation, practice: practice, inviter: professional, inviterDetails: nil,
                            status: .expired, members: [])))
            }),
        "CareLink": entry { try encode(CareLinkResponse(careLink)) },
        "CareTeamEntry": entry {
            try encode(
                CareTeamEntryResponse(CareTeamEntry(practice: practice, link: careLink, members: [member(full: true)])))
        },
        "AccessLogEntry": entry(
            full: {
                try encode(
                    AccessLogEntryResponse(
                        AccessLogEntry(
                            at: now, actorId: professional.id, actorName: professional.name, actorRole: .professional,
                            clientId: user.id, action: .read, resource: "session history", channel: .page,
                            address: "127.0.0.1")))
            },
            minimal: {
                try encode(
                    AccessLogEntryResponse(
                        AccessLogEntry(
                            at: now, actorId: professional.id, actorName: professional.name, actorRole: .professional,
                            clientId: user.id, action: .read, resource: "profile", channel: .cli, address: nil)))
            }),
        "Adherence": entry(
            full: { try encode(AdherenceResponse(AdherenceWindow(days: 7, planned: 3, done: 2))) },
            minimal: { try encode(AdherenceResponse(AdherenceWindow(days: 7, planned: 0, done: 2))) }),
        "CareFlag": entry(
            full: { try encode(CareFlagResponse(flag(full: true))) },
            minimal: { try encode(CareFlagResponse(flag(full: false))) }),
        "ClientSummary": entry(
            full: { try encode(ClientSummaryResponse(clientSummary(full: true))) },
            minimal: { try encode(ClientSummaryResponse(clientSummary(full: false))) }),
        "ReviewedFlag": entry {
            try encode(
                ReviewedFlagResponse(
                    flag: CareFlagResponse(flag(full: true)), reviewedBy: "Kim", reviewedAt: now, note: ""))
        },
        "ClientOverview": entry(
            full: { try encode(ClientOverviewResponse(try clientOverview(full: true))) },
            minimal: { try encode(ClientOverviewResponse(try clientOverview(full: false))) }),
        "OutcomeRequest": entry(
            full: {
                try encode(
                    OutcomeRequest(measure: .numericPainRating, value: 3, answers: ["pain": 3], date: now, note: "n"))
            },
            minimal: {
                try encode(OutcomeRequest(measure: .timedUpAndGo, value: nil, answers: nil, date: nil, note: nil))
            }),
        "Outcome": entry(
            full: { try encode(OutcomeResponse(try outcome(full: true))) },
            minimal: { try encode(OutcomeResponse(try outcome(full: false))) }),
        "OutcomeBand": entry {
            try encode(
                OutcomeBandResponse(
                    OutcomeBand(
                        id: "risk", label: "Fall risk", meaning: "Higher risk",
                        interval: OutcomeInterval(lower: nil, upper: nil))))
        },
        "OutcomeSeries": entry(
            full: { try outcomeSeries(full: true).map { try JSONEncoder.api.encode(OutcomeSeriesResponse($0)) } },
            minimal: { try outcomeSeries(full: false).map { try JSONEncoder.api.encode(OutcomeSeriesResponse($0)) } }),
        "PrescriptionRequest": entry(
            full: {
                try encode(
                    PrescriptionRequest(
                        programs: ["knee-oa"], daysPerWeek: 3, minutesPerSession: 10, weeks: 6, speedCapMps: 0.8,
                        holdProgression: true, reason: "Settled"))
            },
            minimal: {
                try encode(
                    PrescriptionRequest(
                        programs: nil, daysPerWeek: 3, minutesPerSession: 10, weeks: 6, speedCapMps: nil,
                        holdProgression: nil, reason: "First"))
            }),
        "PrescriptionVersion": entry(
            full: { try encode(PrescriptionVersionResponse(prescriptionEntry(full: true))) },
            minimal: { try encode(PrescriptionVersionResponse(prescriptionEntry(full: false))) }),
        "Prescribed": entry {
            try encode(
                PrescribedResponse(
                    prescription: PrescriptionVersionResponse(prescriptionEntry(full: true)),
                    plan: PlanResponse(try storedPlan(full: true))))
        },
        "GoalTarget": entry {
            try encode(GoalTargetBody(treadmillTarget), GoalTargetBody(outcomeTarget))
        },
        "GoalRequest": entry {
            try encode(GoalRequest(title: "3MBWT under 4.5 s", due: now, target: GoalTargetBody(outcomeTarget)))
        },
        "Goal": entry(
            full: {
                let progress = CareGoalProgress(fraction: 0.4, expectedFraction: 0.5, latestEvidence: nil)
                let achieved = CareGoalAchievement(
                    date: now,
                    evidence: .outcome(try OutcomeResult.recorded(.threeMetreBackwardWalk, value: 4, date: now)),
                    isLate: false)
                return try encode(
                    GoalResponse(try goal(.inProgress(progress))), GoalResponse(try goal(.overdue(progress))),
                    GoalResponse(try goal(.achieved(achieved))))
            },
            minimal: { try encode(GoalResponse(try goal(.notStarted))) }),
        "FlagReviewRequest": entry(
            full: { try encode(FlagReviewRequest(flagKey: "inactive:1", note: "Called")) },
            minimal: { try encode(FlagReviewRequest(flagKey: "inactive:1", note: nil)) }),
    ]
}
