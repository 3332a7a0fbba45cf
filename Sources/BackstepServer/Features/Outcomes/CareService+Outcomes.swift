import BackstepCore
import BackstepStorage
import Foundation

/// One measure's results over time, with its bands and what each change means.
struct OutcomeSeries: Sendable {
    /// The measure's trend (bands for the default population, changes against its MCID or MDC).
    var trend: OutcomeTrend
    /// The stored results in the trend's order.
    var stored: [StoredOutcome]
}

extension CareService {
    /// Records an outcome result for the subject: a professional enters a clinic test (or a questionnaire's answers
    /// taken in the clinic); the client answers a questionnaire for themself. A professional needs the prescribe
    /// scope, since it changes the client's record; the access is logged.
    /// - Throws: `AccessDenied` (404) without consent or scope; `InputError` for a value out of range, missing
    ///   answers or a clinic test entered by the client.
    func recordOutcome(
        measure: OutcomeMeasureID, value: Double?, answers: [String: Int]?, date: Date?, note: String?,
        _ access: Access, recorderName: String, now: Date
    ) async throws -> StoredOutcome {
        let entry = measure.measure
        if !access.isOnBehalf, entry.recordedBy == .professional {
            throw InputError(field: "measure", problem: "the \(entry.abbreviation) is measured by a professional")
        }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 2000 {
            throw InputError(field: "note", problem: "must be at most 2000 characters")
        }
        let taken = Date(timeIntervalSince1970: (date ?? now).timeIntervalSince1970.rounded(.down))
        guard taken <= now.addingTimeInterval(60) else {
            throw InputError(field: "date", problem: "is in the future")
        }
        let result: OutcomeResult
        if let answers {
            result = try OutcomeResult.answered(measure, answers: answers, date: taken, note: note)
        } else if let value {
            result = try OutcomeResult.recorded(measure, value: value, date: taken, note: note)
        } else {
            throw InputError(field: "value", problem: "is required (or answers, for a questionnaire)")
        }
        // The input is checked first, so a refused value neither reads nor logs anything.
        try await training.authorize(
            access.isOnBehalf ? .prescribe : .record, access, resource: "outcome \(measure.rawValue) recorded")
        let stored = StoredOutcome(
            clientId: access.subject, result: result, recordedBy: access.actor.userId, recorderName: recorderName,
            recordedAt: now)
        try await store.saveOutcome(stored)
        return stored
    }

    /// The subject's results, one series per measure (in the catalog's order). A professional's read is logged.
    func outcomes(_ access: Access) async throws -> [OutcomeSeries] {
        try await training.authorize(.read, access, resource: "outcome measures")
        return try Self.series(try await store.outcomes(of: access.subject))
    }

    /// Groups stored results by measure into trends.
    static func series(_ outcomes: [StoredOutcome]) throws -> [OutcomeSeries] {
        try OutcomeMeasureID.allCases.compactMap { id in
            let stored = outcomes.filter { $0.result.measure == id }
            guard !stored.isEmpty else { return nil }
            let ordered = stored.enumerated().sorted {
                $0.element.result.date != $1.element.result.date
                    ? $0.element.result.date < $1.element.result.date : $0.offset < $1.offset
            }.map(\.element)
            return OutcomeSeries(
                trend: try OutcomeTrend(measure: id.measure, results: ordered.map(\.result)), stored: ordered)
        }
    }
}
