import Testing

@testable import BackstepCore

@Suite("Stop rules")
struct StopRulesTests {
    @Test("Every reason has all three parts of its guidance", arguments: StopReason.allCases)
    func guidanceComplete(reason: StopReason) {
        let guidance = reason.guidance
        #expect(guidance.stopNow.count > 20)
        #expect(guidance.whatNext.count > 20)
        #expect(guidance.seekHelp.count > 20)
    }

    @Test("Guidance texts are all different")
    func guidanceDistinct() {
        let texts = StopReason.allCases.map(\.guidance)
        #expect(Set(texts).count == texts.count)
    }

    @Test(
        "Medical reasons need a professional and end the day",
        arguments: [
            (StopReason.chestPain, true, false), (.dizziness, true, false), (.faintness, true, false),
            (.sharpJointPain, false, false), (.risingJointPain, false, false), (.painAboveThreshold, false, false),
            (.lossOfBalance, false, false), (.userStop, false, true), (.linkLost, false, true),
            (.safetyKey, false, true), (.treadmillFault, false, true),
        ])
    func categories(reason: StopReason, professional: Bool, resume: Bool) {
        #expect(reason.needsProfessional == professional)
        #expect(reason.mayResumeToday == resume)
    }

    @Test("Chest pain guidance says when to call emergency services")
    func chestPainEmergency() {
        #expect(StopReason.chestPain.guidance.seekHelp.contains("emergency"))
        #expect(StopReason.linkLost.guidance.stopNow.contains("stop button"))
    }

    @Test("Red-flag symptoms map to their stop reasons")
    func redFlagMapping() {
        #expect(RedFlagSymptom.chestPain.stopReason == .chestPain)
        #expect(RedFlagSymptom.dizziness.stopReason == .dizziness)
        #expect(RedFlagSymptom.faintness.stopReason == .faintness)
    }

    @Test(
        "Live checks",
        arguments: [
            (LiveCheck(), [StopReason]()),
            (LiveCheck(painNow: 5, painAtStart: 4), []),
            (LiveCheck(painNow: 6), [.painAboveThreshold]),
            (LiveCheck(painNow: 4, painAtStart: 2), [.risingJointPain]),
            (LiveCheck(painNow: 3, painAtStart: 2), []),
            (LiveCheck(symptoms: [.dizziness, .chestPain]), [.chestPain, .dizziness]),
            (LiveCheck(lostBalance: true, userStopped: true), [.lossOfBalance, .userStop]),
            (LiveCheck(sharpJointPain: true, linkLost: true), [.sharpJointPain, .linkLost]),
            (LiveCheck(safetyKeyPulled: true, treadmillFault: true), [.safetyKey, .treadmillFault]),
        ])
    func liveChecks(check: LiveCheck, expected: [StopReason]) {
        #expect(StopRules.reasons(for: check) == expected)
    }
}
