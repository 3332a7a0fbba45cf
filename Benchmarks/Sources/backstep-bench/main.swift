import BackstepCore
import BackstepLive
import Foundation

// In-process benchmarks for the pure core. Prints one JSON object of medians (nanoseconds) and ratios against
// baselines measured in the same run, so noisy 2-core machines still give comparable figures.
// Usage: backstep-bench [iterations] [real-time seconds]

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 300
let realtimeSeconds = CommandLine.arguments.dropFirst(2).first.flatMap(Double.init) ?? 60
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

// Engine cost per tick: a 30-minute session in manual mode ticked every 0.1 s of session time.
let sessionWorkout = try Catalog.hillRepeats.workout([.rounds: 8])
let sessionConfiguration = SessionConfiguration(
    workout: sessionWorkout, policy: SafetyPolicy(population: .general, stage: .advanced), mass: Mass(kilograms: 75))
var tickCounts: [Double] = []
let perTick = measure {
    var engine = SessionEngine(configuration: sessionConfiguration)
    var t = 0.0
    var ticks = 0
    sink &+= engine.handle(.userStart, at: 0).count
    while !engine.isOver, t < 3600 {
        t += 0.1
        sink &+= engine.handle(.tick, at: t).count
        if engine.isWaitingForUser { sink &+= engine.handle(.userStart, at: t).count }
        ticks += 1
    }
    tickCounts.append(Double(ticks))
}
let ticksPerSession = median(tickCounts)

// Timer baseline: how late a plain 10 ms sleep wakes on this machine, measured in the same run.
var oversleep: [Double] = []
for _ in 0..<200 {
    let started = ContinuousClock.now
    try? await Task.sleep(for: .milliseconds(10))
    oversleep.append(nanoseconds(ContinuousClock.now - started) / 1e6 - 10)
}

// Real clock: a session of alternating speeds on the simulated treadmill; how late each event was handed out.
var steps: [WorkoutItem] = []
for index in 0..<Int(realtimeSeconds / 10) {
    steps.append(
        .step(
            Step(
                name: "Walk \(index)",
                activity: .locomotion(
                    Locomotion(direction: .backward, speed: .fixed(.milesPerHour(index % 2 == 0 ? 1.0 : 1.5)))),
                goal: .time(10), cues: [.toesThenHeel])))
}
/// Runs a real-clock session and returns each output's lateness in seconds and the number of outputs.
func realtimeSession(_ steps: [WorkoutItem]) async -> (lateness: [Double], outputs: Int) {
    let link = SimulatedTreadmillLink()
    let configuration = SessionConfiguration(
        workout: Workout(name: "Bench", items: steps), policy: SafetyPolicy(population: .general, stage: .established),
        treadmill: link.capabilities, mass: Mass(kilograms: 75), announceLeadSeconds: 5)
    var runner = SessionRunner(
        engine: SessionEngine(configuration: configuration), link: link, clock: SessionClock(speedup: 1))
    runner.recordLateness = true
    let inputs = InputQueue()
    inputs.push(.userStart)
    inputs.close()
    var count = 0
    await runner.run(inputs: inputs) { _ in count += 1 }
    return (runner.lateness, count)
}
let (rawLateness, outputCount) = await realtimeSession(steps)
let lateness = rawLateness.map { $0 * 1000 }.sorted()
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    return values[min(values.count - 1, Int((Double(values.count - 1) * p).rounded()))]
}

let result: [String: Double] = [
    "plan52WeeksMedianNs": plan52,
    "plan1WeekMedianNs": plan1,
    "plan52WeeksOver1WeekRatio": plan52 / plan1,
    "plan52WeeksWithJSONMedianNs": plan52JSON,
    "energyEstimateMedianNs": energy,
    "engineTickMedianNs": perTick / ticksPerSession,
    "engineTickOverEnergyEstimateRatio": (perTick / ticksPerSession) / energy,
    "realtimeSessionSeconds": realtimeSeconds,
    "realtimeOutputs": Double(outputCount),
    "realtimeLatenessP50Ms": percentile(lateness, 0.5),
    "realtimeLatenessP99Ms": percentile(lateness, 0.99),
    "realtimeLatenessMaxMs": lateness.last ?? 0,
    "sleep10msOversleepP50Ms": percentile(oversleep.sorted(), 0.5),
    "sleep10msOversleepP99Ms": percentile(oversleep.sorted(), 0.99),
    "iterations": Double(iterations),
]
let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
print(String(decoding: data, as: UTF8.self))
if sink == 42 { print("") }  // keeps the work observable
