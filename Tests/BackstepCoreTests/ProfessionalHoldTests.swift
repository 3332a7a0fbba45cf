import BackstepCore
import Foundation
import Testing

/// A professional's hold turns increases into holds at the current dose and leaves every other decision alone.
@Suite("Professional's hold")
struct ProfessionalHoldTests {
    static let current = Prescription(speed: .metersPerSecond(0.5), duration: 600, handrail: .twoHands, stage: .novice)
    static let faster = Prescription(speed: .metersPerSecond(0.55), duration: 600, handrail: .twoHands, stage: .novice)

    static func decision(_ action: ProgressionAction, next: Prescription) -> ProgressionDecision {
        ProgressionDecision(
            action: action, rule: .oneVariable, current: current, next: next,
            reasons: [ProgressionReason(rule: .oneVariable, message: "two good sessions")],
            runningGate: RunningGateStatus(missing: ["six weeks of walking"]))
    }

    @Test(arguments: [ProgressionAction.progress, .readyForBackwardRunning])
    func increasesAreHeld(_ action: ProgressionAction) {
        let held = Self.decision(action, next: Self.faster).held(by: "Kim", because: "wait for the scan")
        #expect(held.action == .hold)
        #expect(held.rule == .professionalHold)
        #expect(held.next == Self.current)
        #expect(held.reasons.first?.message == "Kim holds your progression for now: wait for the scan")
        #expect(held.reasons.count == 2, "the rules' own reasons stay")
    }

    @Test(arguments: [ProgressionAction.hold, .regress, .stopAndSeeProfessional])
    func otherDecisionsStand(_ action: ProgressionAction) {
        let decision = Self.decision(action, next: Self.current)
        #expect(decision.held(by: "Kim", because: "wait") == decision)
    }
}
