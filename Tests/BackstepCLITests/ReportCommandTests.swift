import ArgumentParser
import BackstepCLI
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import Testing

/// `backstep report`: a client's monthly report from the database, written to the access log as `cli`.
@Suite("report command") struct ReportCommandTests {
    @Test("prints the month's report as text or JSON, logs each report and refuses what it cannot find")
    func report() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("b.sqlite").path
        let db = ["--database", path]
        let now = Date()
        let sessionDay = TrainingStatistics.startOfDay(now.addingTimeInterval(-3600))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM"
        let month = formatter.string(from: sessionDay)
        formatter.dateFormat = "yyyy-MM-dd"
        let day = formatter.string(from: sessionDay)

        // Kim's practice with Ana (consented, one session with pain 8 and a near-fall) and Bob (never linked)
        let store = try await SQLStore.open(.sqliteFile(path))
        let (ana, bob) = try await ClientsCommandTests.seed(store, now: now)
        let kim = try #require(try await store.account(email: "kim@clinic.example"))
        try await store.saveReviewTime(
            ReviewTimeEntry(
                clientId: ana.id, professionalId: kim.userId, professionalName: "Kim Physio", practiceId: nil,
                day: sessionDay, minutes: 25, interactive: true, note: "Call about the near-fall", loggedAt: now))
        try await store.close()

        let text = try await StorageCommandTests.render(
            ["report", ana.id.uuidString, "--month", month, "--as", "KIM@clinic.example"] + db)
        #expect(text.contains("Monthly report: Ana Client (Knee Clinic)"))
        #expect(text.contains("Days with data: 1 of"))
        #expect(text.contains("Review time: 25 minutes logged"))
        #expect(text.contains("Dates of interactive communication: \(day)"))
        #expect(text.contains("urgent: Near-fall or loss of balance"))
        #expect(text.contains("Not acknowledged"))
        #expect(text.contains("no claim about billing"))
        let json = try await StorageCommandTests.render(
            ["report", ana.id.uuidString, "--month", month, "--as", "kim@clinic.example", "--json"] + db)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((parsed?["daysWithData"] as? [String: Any])?["dates"] as? [String] == [day])
        #expect((parsed?["reviewTime"] as? [String: Any])?["totalMinutes"] as? Int == 25)

        let reopened = try await SQLStore.open(.sqliteFile(path))
        let log = try await reopened.accessLog(client: ana.id, limit: 10)
        try await reopened.close()
        #expect(log.map(\.resource) == ["monthly report \(month)", "monthly report \(month)"])
        #expect(log.allSatisfy { $0.channel == .cli && $0.actorName == "Kim Physio" })

        for arguments in [
            ["report", bob.id.uuidString, "--month", month, "--as", "kim@clinic.example"],
            ["report", "nobody@example.com", "--month", month, "--as", "kim@clinic.example"],
            ["report", ana.id.uuidString, "--month", month, "--as", "nobody@example.com"],
            ["report", ana.id.uuidString, "--month", "2026-13", "--as", "kim@clinic.example"],
        ] {
            await #expect(throws: ValidationError.self, "\(arguments)") {
                _ = try await StorageCommandTests.render(arguments + db)
            }
        }
    }
}
