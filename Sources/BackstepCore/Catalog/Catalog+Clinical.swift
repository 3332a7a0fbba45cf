import Foundation

/// The programs for clinical populations (knee osteoarthritis, stroke gait, older adults' balance) and outdoors.
extension Catalog {
    /// §3.10 Knee osteoarthritis: 10 min retro walking, 3×/week for 6 weeks, added to usual care, at a comfortable
    /// speed (Alghadir et al. 2019).
    public static let kneeOsteoarthritis = Program(
        id: "knee-oa", name: "Knee osteoarthritis protocol",
        summary:
            "Ten minutes of backward walking at a comfortable speed, three times a week for six weeks, alongside your usual care.",
        audience: "People with knee osteoarthritis or knee pain, ideally with their physiotherapist in the loop.",
        trains: ["knee pain and function", "quadriceps"],
        safetyNotes: [
            "Pain up to 5/10 during the walk is acceptable if it settles by the next morning; otherwise hold or step back (Silbernagel et al. 2007).",
            "This is added to your usual care, not a replacement for it.",
        ],
        evidence: [
            Citation(
                "Alghadir et al., BMC Musculoskelet Disord 2019",
                "10 min retro walking 3×/week for 6 weeks added to usual care: pain NRS fell 1.8 vs 1.0 points, WOMAC 4.8 vs 2.2, compared with usual care plus forward walking."
            ),
            Citation(
                "Silbernagel et al. 2007",
                "Pain-monitoring model: up to 5/10 during exercise is acceptable if it settles by the next morning and does not rise week on week."
            ),
        ],
        sessionsPerWeek: 3...3,
        parameters: [ParameterSpec(.week, 1...6, default: 1, unit: "", "week of the six-week protocol")],
        build: { _, dose in
            [
                Workout(
                    name: "Knee osteoarthritis protocol",
                    summary: "10 minutes of backward walking at a comfortable speed (Alghadir et al. 2019).",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Retro walk", seconds: 600, speed: dose.walkTarget(fallback: .effort(.comfortable)),
                                handrail: dose.handrail)),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.10 Stroke (clinician-prescribed only): 30 min backward treadmill walking, 3×/week, 3–6 weeks; start at the
    /// overground walking speed and add 10 % of it each week (Michaelsen et al. 2014 protocol; Yang et al. 2005).
    public static let strokeGait = Program(
        id: "stroke-gait", name: "Stroke gait and balance protocol",
        summary:
            "Thirty minutes of backward treadmill walking three times a week, for three to six weeks, adding a tenth of your starting speed each week.",
        audience: "Stroke survivors, only with a clinician's prescription and supervision.",
        trains: ["gait speed", "balance", "paretic-leg loading"],
        safetyNotes: [
            "Only with a clinician's prescription.",
            "Handrails allowed throughout; a harness or a therapist beside you as your clinician decides.",
            "Speed never rises by more than 10 % of your starting speed in a week.",
        ],
        evidence: [
            Citation(
                "Michaelsen et al. 2014 (protocol)",
                "30 min backward treadmill walking, 3×/week, starting at overground walking speed and adding 10 % of it each week."
            ),
            Citation("Yang et al. 2005", "Backward walking training improved gait and balance after stroke."),
        ],
        sessionsPerWeek: 3...3,
        requirements: ProgramRequirements(clinicianPrescribed: true),
        parameters: [ParameterSpec(.week, 1...6, default: 1, unit: "", "week of the protocol (3–6 weeks)")],
        build: { p, dose in
            let week = Double(p[.week])
            let speed: SpeedTarget
            if let baseline = dose.speed {
                speed = .fixed(dose.clamped(baseline * (1 + 0.10 * (week - 1))))
            } else {
                speed = .effort(.comfortable)
            }
            return [
                Workout(
                    name: "Stroke protocol, week \(p[.week])",
                    summary:
                        "30 minutes of backward treadmill walking at \(Int(100 + 10 * (week - 1))) % of the overground walking speed.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Backward treadmill walk", seconds: 1800, speed: speed, handrail: .twoHands,
                                note: "Handrails allowed throughout.")),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.10 Balance for older adults: backward walks (flat, then gentle hills) 2–3×/week; time and incline before speed.
    public static let olderAdultBalance = Program(
        id: "older-adult-balance", name: "Balance for older adults",
        summary: "Gentle backward walks, flat first and then on gentle hills, as part of your weekly routine.",
        audience: "Adults over 60 and anyone working on balance or fall prevention.",
        trains: ["balance", "leg strength", "confidence walking backward"],
        safetyNotes: [
            "Progress by time and incline before speed.",
            "Keep the rails within reach; hold them whenever you feel unsteady.",
            "Gentle hills only: up to 5 %.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.10",
                "Backward walks (flat, then gentle hills) 2–3×/week as part of the routine; progress by time and incline before speed."
            ),
            Citation("Fritz et al., Gait Posture 2013", "Elderly fallers all walked backward slower than 0.6 m/s."),
        ],
        sessionsPerWeek: 2...3,
        parameters: [
            ParameterSpec(.minutes, 5...20, default: 8, unit: "min", "minutes of backward walking"),
            ParameterSpec(.gradePercent, 0...5, default: 0, unit: "%", "gentle incline"),
        ],
        build: { p, dose in
            let grade = Grade(percent: Double(p[.gradePercent]))
            return [
                Workout(
                    name: "Balance walk",
                    summary:
                        "\(p[.minutes]) min of gentle backward walking\(p[.gradePercent] > 0 ? " at \(p[.gradePercent]) %" : " on the level").",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Backward walk", seconds: Seconds(p[.minutes] * 60),
                                speed: dose.walkTarget(fallback: .range(oneMph, twoMph)), grade: grade,
                                handrail: dose.handrail, extraCues: [.slowBeforeFast])),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.11 Outdoors: only after treadmill mastery; a large, flat, quiet, open place; uphill backward walks on a hill.
    public static let outdoors = Program(
        id: "outdoors", name: "Outdoors",
        summary: "Backward walking in a large, flat, quiet open space, then uphill backward walks on a hill.",
        audience: "People who have mastered backward walking on the treadmill.",
        trains: ["balance without rails", "strength on real hills"],
        safetyNotes: [
            "Only after treadmill mastery: the treadmill is easier (the belt moves you) and safer (no obstacles).",
            "Choose a large, flat, quiet, open place; check behind you before you start.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.11",
                "Only after treadmill mastery: a large, flat, quiet, open place; uphill backward walks on a hill for strength."
            )
        ],
        sessionsPerWeek: 1...3,
        requirements: ProgramRequirements(minimumStage: .established, needsOutdoors: true),
        parameters: [
            ParameterSpec(.minutes, 5...20, default: 10, unit: "min", "minutes of flat backward walking"),
            ParameterSpec(.rounds, 3...10, default: 5, unit: "", "uphill walks"),
            ParameterSpec(.boutSeconds, 30...60, default: 45, unit: "s", "seconds of each uphill walk"),
        ],
        build: { p, _ in
            [
                Workout(
                    name: "Outdoors",
                    summary:
                        "\(p[.minutes]) min flat backward walking, then \(p[.rounds]) × \(p[.boutSeconds]) s uphill backward.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Flat backward walk", seconds: Seconds(p[.minutes] * 60), speed: .effort(.comfortable),
                                handrail: .handsFree, surface: .track, extraCues: [.outdoorSpace])),
                        .repeats(
                            RepeatBlock(
                                count: p[.rounds],
                                steps: [
                                    Steps.backwardWalk(
                                        "Uphill backward", seconds: Seconds(p[.boutSeconds]),
                                        speed: .effort(.comfortable), handrail: .handsFree, surface: .outdoorHill,
                                        extraCues: [.pushTheSled]),
                                    Step(
                                        name: "Walk back down",
                                        activity: .locomotion(
                                            Locomotion(
                                                direction: .forward, surface: .outdoorHill, speed: .effort(.easy),
                                                handrail: .handsFree)), goal: .open, cues: [.standTall]),
                                ])),
                    ])
            ]
        })
}
