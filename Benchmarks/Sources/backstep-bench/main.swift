import BackstepCore
import Foundation

// In-process benchmarks for the pure core. Prints one JSON object of medians (nanoseconds) and ratios against
// baselines measured in the same run, so noisy 2-core machines still give comparable figures.
// Usage: backstep-bench [iterations]

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 300
let clock = ContinuousClock()

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// Measures `body` `iterations` times and returns the median in nanoseconds.
func measure(_ repeats: Int = 1, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<3 { try body() }  // warm-up
    for _ in 0..<iterations {
        let elapsed = try clock.measure { for _ in 0..<repeats { try body() } }
        samples.append(nanoseconds(elapsed) / Double(repeats))
    }
    return median(samples)
}

let now = Date(timeIntervalSince1970: 1_795_000_000)
func request(weeks: Int) -> PlanRequest {
    PlanRequest(
        profile: Profile(age: 34, mass: Mass(kilograms: 80), goal: .fitness, experience: .beginner),
        daysPerWeek: 5, minutesPerSession: 30, weeks: weeks, screening: .allClear(on: now), now: now)
}

var sink = 0
let plan52 = try measure { sink &+= try PlanGenerator.plan(for: request(weeks: 52)).weeks.count }
let plan1 = try measure { sink &+= try PlanGenerator.plan(for: request(weeks: 1)).weeks.count }
let encoder = JSONEncoder()
let plan52JSON = try measure { sink &+= try encoder.encode(PlanGenerator.plan(for: request(weeks: 52))).count }
let energyInput = EnergyInput(
    direction: .backward, gait: .walk, speed: .metersPerSecond(1.1), grade: .percent(4), mass: Mass(kilograms: 75),
    practiceWeeks: 2, handrail: .oneHand)
let energy = try measure(1000) { sink &+= Int(try EnergyModel.estimate(energyInput).vo2) }

let result: [String: Double] = [
    "plan52WeeksMedianNs": plan52,
    "plan1WeekMedianNs": plan1,
    "plan52WeeksOver1WeekRatio": plan52 / plan1,
    "plan52WeeksWithJSONMedianNs": plan52JSON,
    "energyEstimateMedianNs": energy,
    "iterations": Double(iterations),
]
let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
print(String(decoding: data, as: UTF8.self))
if sink == 42 { print("") }  // keeps the work observable
