import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import BackstepTreadmill
import BenchmarkSeeding
import Crypto
import FTMSCodec
import Foundation
import HummingbirdBcrypt

/// Seeds a fresh database for the web benchmark (`Benchmarks/web/run.sh`) and writes what the load client needs
/// as JSON: one athlete with years of daily history (profile, screening, a current plan, feedback, 3-metre
/// backward walk tests) who signs in with an e-mail address and password (bcrypt, production cost), and
/// `live-users` athletes with a profile, a clear screening and an API token each, for the live sessions.
///
/// Usage: web-bench-seed <sqlite file> <output.json> [days] [samples per session] [live users]
@main
struct WebBenchSeed {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            FileHandle.standardError.write(
                Data("usage: web-bench-seed <database> <output.json> [days] [samples] [live users]\n".utf8))
            exit(64)
        }
        let days = arguments.count > 3 ? Int(arguments[3]) ?? 1826 : 1826
        let samples = arguments.count > 4 ? Int(arguments[4]) ?? 900 : 900
        let liveUsers = arguments.count > 5 ? Int(arguments[5]) ?? 500 : 500
        let store = try await SQLStore.open(try DatabaseLocation(parsing: arguments[1]))
        let now = Date()
        let today = TrainingStatistics.startOfDay(now)
        let first = today.addingTimeInterval(-Double(days) * 86_400 + 7 * 3600)
        let clear = Screening(
            date: first, answers: Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) }))

        // The athlete with history: signs in through the real sign-in form.
        let password = "bench-" + token(bytes: 12)
        let athlete = User(name: "Bench Athlete", role: .athlete, createdAt: first)
        try await store.createAccount(
            user: athlete, email: "athlete@bench.invalid", passwordHash: Bcrypt.hash(password, cost: 12))
        let profile = Profile(
            age: 61, sex: .female, mass: Mass(kilograms: 68), height: Distance(meters: 1.65), goal: .knee,
            experience: .beginner, overgroundWalkingSpeed: Speed(metersPerSecond: 1.2))
        _ = try await store.saveProfile(profile, for: athlete.id, at: first)
        try await store.saveScreening(ScreeningRecord(userId: athlete.id, screening: clear))
        let started = ContinuousClock.now
        try await HistorySeeder.seed(store, userId: athlete.id, days: days, samples: samples, first: first)
        let seeded = ContinuousClock.now - started
        for quarter in stride(from: 0, to: days, by: 91) {
            try await store.saveAssessment(
                AssessmentRecord(
                    userId: athlete.id, takenAt: first.addingTimeInterval(Double(quarter) * 86_400 + 3600),
                    kind: .threeMetreBackwardWalk, seconds: 5.2 - 2.0 * Double(quarter) / Double(max(1, days)),
                    population: .communityOlderAdults))
        }
        let planStart = today.addingTimeInterval(-21 * 86_400)
        let plan = try PlanGenerator.plan(
            for: PlanRequest(
                profile: profile, daysPerWeek: 3, minutesPerSession: 20, weeks: 12, screening: clear,
                startDate: planStart, now: planStart))
        try await store.savePlan(StoredPlan(userId: athlete.id, createdAt: planStart, startDate: planStart, plan: plan))

        // The live athletes: one running session each (the server allows one per user), API tokens.
        let liveHash = Bcrypt.hash(token(bytes: 12), cost: 4)
        let liveProfile = Profile(age: 45, mass: Mass(kilograms: 80), goal: .fitness)
        var tokens: [String] = []
        for index in 0..<liveUsers {
            let user = User(name: "Live \(index)", role: .athlete, createdAt: now)
            try await store.createAccount(user: user, email: "live\(index)@bench.invalid", passwordHash: liveHash)
            _ = try await store.saveProfile(liveProfile, for: user.id, at: now)
            try await store.saveScreening(ScreeningRecord(userId: user.id, screening: clear))
            let bearer = "bst_" + token(bytes: 32)
            try await store.createAPIToken(
                APITokenRecord(tokenHash: sha256Hex(bearer), userId: user.id, name: "bench", createdAt: now))
            tokens.append(bearer)
        }
        try await store.close()

        let treadmill = SimulatedTreadmill()
        let output: [String: Any] = [
            "email": "athlete@bench.invalid", "password": password, "sessions": days, "samplesPerSession": samples,
            "seedSeconds": Double(seeded.components.seconds) + Double(seeded.components.attoseconds) / 1e18,
            "tokens": tokens, "feature": hex(treadmill.feature.encode()),
            "speedRange": hex(treadmill.configuration.speedRange.encode()),
        ]
        let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .prettyPrinted])
        try data.write(to: URL(fileURLWithPath: arguments[2]))
        print("seeded \(days) sessions × \(samples) samples and \(liveUsers) live users in \(seeded)")
    }

    /// URL-safe random text (the server's tokens look the same).
    static func token(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256, as the server stores API tokens.
    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
