import Testing

@testable import BackstepCore

@Suite("Units")
struct UnitsTests {
    @Test(
        "Speed conversions use the brief's constants",
        arguments: [
            (SpeedUnit.milesPerHour, 1.0, 0.44704),
            (.milesPerHour, 2.0, 0.89408),
            (.kilometersPerHour, 1.0, 0.277_777_8),
            (.kilometersPerHour, 30.0, 8.333_333),
            (.metersPerSecond, 1.63, 1.63),
        ])
    func speedConversion(unit: SpeedUnit, value: Double, expectedMps: Double) {
        let speed = Speed(value, unit)
        #expect(abs(speed.metersPerSecond - expectedMps) < 1e-6)
        #expect(abs(speed.value(in: unit) - value) < 1e-9)
    }

    @Test func speedArithmeticAndOrdering() {
        let a = Speed.milesPerHour(1)
        let b = Speed.milesPerHour(2)
        #expect(a < b)
        #expect(abs((a + a).metersPerSecond - b.metersPerSecond) < 1e-12)
        #expect(abs((b - a).milesPerHour - 1) < 1e-12)
        #expect(abs((a * 1.1).milesPerHour - 1.1) < 1e-12)
        #expect(abs(Speed.metersPerSecond(1).metersPerMinute - 60) < 1e-12)
        #expect(Speed.metersPerSecond(0.456).rounded(toMultipleOf: 0.01).metersPerSecond == 0.46)
    }

    @Test func gradeMassDistance() {
        #expect(Grade.percent(5).fraction == 0.05)
        #expect(abs(Mass.pounds(100).kilograms - 45.359237) < 1e-9)
        #expect(abs(Distance(meters: 1609.344).miles - 1) < 1e-12)
    }

    @Test("Input checks name the field and the range")
    func inputCheck() {
        #expect(throws: InputError(field: "mass", problem: "0 is out of range, allowed 20–350 kg")) {
            try InputError.check("mass", 0, in: 20...350, unit: "kg")
        }
        #expect(throws: InputError.self) { try InputError.check("speed", .nan, in: 0...1, unit: "m/s") }
        #expect(throws: InputError(field: "days", problem: "9 is out of range, allowed 1–7 per week")) {
            try InputError.check("days", 9, in: 1...7, unit: "per week")
        }
    }
}
