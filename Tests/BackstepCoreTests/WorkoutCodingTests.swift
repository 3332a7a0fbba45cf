import Foundation
import Testing

@testable import BackstepCore

@Suite("Workout JSON")
struct WorkoutCodingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    @Test("Every catalog workout survives a JSON round trip")
    func roundTrip() throws {
        for program in Catalog.programs {
            for workout in try program.workouts() {
                let data = try Self.encoder.encode(workout)
                let decoded = try JSONDecoder().decode(Workout.self, from: data)
                #expect(decoded == workout, "\(program.id): \(workout.name)")
            }
        }
    }

    @Test("Keys carry their units")
    func unitKeys() throws {
        let step = Step(
            name: "Walk",
            activity: .locomotion(
                Locomotion(direction: .backward, speed: .fixed(.metersPerSecond(0.67)), grade: .percent(2))),
            goal: .time(60))
        let json = String(decoding: try Self.encoder.encode(Workout(name: "W", items: [.step(step)])), as: UTF8.self)
        #expect(json.contains("\"speedMps\":0.67"))
        #expect(json.contains("\"gradePercent\":2"))
        #expect(json.contains("\"durationSeconds\":60"))
        #expect(json.contains("\"type\":\"step\""))
    }

    @Test(
        "Bad workout files are rejected with the field",
        arguments: [
            (#"{"name":"x","items":[]}"#, "at least one step"),
            (#"{"name":"x","items":[{"type":"loop"}]}"#, "unknown item type"),
            (#"{"name":"x","items":[{"type":"repeat","count":0,"steps":[]}]}"#, "out of range"),
            (
                #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"locomotion","direction":"backward","speed":{"kind":"fixed","speedMps":9.5}},"goal":{"kind":"open"}}]}"#,
                "out of range"
            ),
            (
                #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"locomotion","direction":"backward","speed":{"kind":"fixed","speedMps":0.5},"gradePercent":41},"goal":{"kind":"open"}}]}"#,
                "out of range"
            ),
            (
                #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"locomotion","direction":"sideways","speed":{"kind":"fixed","speedMps":0.5}},"goal":{"kind":"open"}}]}"#,
                "sideways"
            ),
            (
                #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"rest","rest":"standing"},"goal":{"kind":"time","durationSeconds":-4}}]}"#,
                "out of range"
            ),
            (
                #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"locomotion","direction":"backward","speed":{"kind":"range","minSpeedMps":1,"maxSpeedMps":0.5}},"goal":{"kind":"open"}}]}"#,
                "maxSpeedMps"
            ),
        ])
    func rejects(json: String, expected: String) {
        do {
            _ = try JSONDecoder().decode(Workout.self, from: Data(json.utf8))
            Issue.record("decoded invalid workout: \(json)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("Repeat blocks expand in order with round numbers")
    func performedSteps() throws {
        let workout = try Catalog.hillRepeats.workout([.rounds: 7])
        let uphill = workout.performedSteps.filter { $0.step.name == "Uphill backward" }
        #expect(uphill.count == 7)
        #expect(uphill.map(\.round) == Array(1...7).map { Optional($0) })
        #expect(workout.performedSteps.first?.step.name == "Level warm-up")
    }

    @Test("Durations are estimated from goals")
    func estimates() throws {
        let finisher = try Catalog.conditioningFinisher.workout([.minutes: 10])
        // 10 min walk + 30 s pause + 2 × 50 reps at the assumed pace.
        #expect(finisher.estimatedSeconds == 600 + 30 + 100 * Step.assumedSecondsPerRep)
        #expect(finisher.backwardSeconds == 600)
    }
}
