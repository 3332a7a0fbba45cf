/// The program catalog (domain brief §3). Numbers that come from the brief are kept exactly; where the brief is
/// silent (warm-ups, incline of hill repeats, strength sets), the choice is documented on the program.
public enum Catalog {
    /// Every program, in the order the catalog lists them.
    public static let programs: [Program] = [
        firstSteps, regularPractice, hillRepeats, sprintIntervals, buyInCashOut, conditioningFinisher,
        warmUpPreFatigue, backwardRunning, overload, kneeOsteoarthritis, strokeGait, olderAdultBalance, outdoors,
    ]

    /// The program with an id.
    /// - Throws: `InputError` listing the known ids when there is none.
    public static func program(id: String) throws(InputError) -> Program {
        guard let program = programs.first(where: { $0.id == id }) else {
            throw InputError(
                field: "program",
                problem: "unknown program id '\(id)'; known ids: \(programs.map(\.id).joined(separator: ", "))")
        }
        return program
    }

    // MARK: - Speeds named by the brief

    /// 1 mph, the slow end of a first session (domain brief §3.1).
    public static let oneMph = Speed.milesPerHour(1)
    /// 2 mph, the fast end of a first session (domain brief §3.1).
    public static let twoMph = Speed.milesPerHour(2)

    // MARK: - Programs

    /// §3.1 First steps: 5–10 min level backward walking at 1–2 mph, hands on the rails; a cautious variant of
    /// 30-second bouts with forward walking breaks; a 2–3 minute taster counts as a first session.
    public static let firstSteps = Program(
        id: "first-steps", name: "First steps",
        summary: "Your first backward walks: slow, level, short and with both hands on the side rails.",
        audience: "Everyone new to backward walking, including older adults and people with knee pain.",
        trains: ["coordination of the backward step", "balance and body awareness", "quadriceps and calves"],
        safetyNotes: [
            "Clip on the emergency stop, clear the space behind the treadmill and wear supportive shoes.",
            "Start the belt at its slowest speed before stepping on; keep both hands on the side rails.",
            "A 2–3 minute taster counts as a first session. Stop before you are tired.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.1",
                "5–10 min of level backward walking at 1–2 mph (0.45–0.89 m/s), hands on the side rails."),
            Citation("Backstep domain brief §5", "Beginners and older adults start at or below 1.0 mph, up to 2 mph."),
        ],
        sessionsPerWeek: 3...4,
        parameters: [
            ParameterSpec(.minutes, 5...10, default: 5, unit: "min", "minutes of level backward walking"),
            ParameterSpec(
                .restSeconds, 30...90, default: 30, unit: "s",
                "forward walking break between 30 s bouts (cautious variant)"),
        ],
        build: { p, dose in
            let speed = dose.walkTarget(fallback: .range(oneMph, twoMph))
            let seconds = Seconds(p[.minutes] * 60)
            let main = Workout(
                name: "First steps",
                summary: "\(p[.minutes]) minutes of level backward walking at 1–2 mph, both hands on the rails.",
                items: [
                    .step(
                        Steps.backwardWalk(
                            "Backward walk", seconds: seconds, speed: speed, handrail: .twoHands,
                            extraCues: [.slowBeforeFast, .stopBeforeTired])),
                    .step(Steps.pauseBeforeStepOff()),
                ])
            let boutAndBreak = 30 + p[.restSeconds]
            let rounds = max(1, (p[.minutes] * 60) / boutAndBreak)
            let cautious = Workout(
                name: "First steps, cautious",
                summary: "30-second backward bouts with forward walking breaks.",
                items: [
                    .repeats(
                        RepeatBlock(
                            count: rounds,
                            steps: [
                                Steps.backwardWalk("Backward bout", seconds: 30, speed: speed, handrail: .twoHands),
                                Steps.forwardWalk(
                                    "Forward break", seconds: Seconds(p[.restSeconds]),
                                    speed: dose.walkTarget(fallback: .range(oneMph, twoMph))),
                            ]))
                ])
            let taster = Workout(
                name: "First steps, taster",
                summary: "A 2–3 minute taster: it counts as a first session.",
                items: [
                    .step(
                        Steps.backwardWalk(
                            "Backward taster", seconds: 150, speed: .fixed(dose.clamped(oneMph)), handrail: .twoHands,
                            extraCues: [.slowBeforeFast]))
                ])
            return [main, cautious, taster]
        })

    /// §3.2 Regular practice: 10–15 min per session, 3–4 sessions a week (10–20 min also cited); can be daily.
    public static let regularPractice = Program(
        id: "regular-practice", name: "Regular practice",
        summary: "A steady backward walk at your comfortable speed, the backbone of most plans.",
        audience: "Anyone past the first sessions who walks backward steadily with rail support or without.",
        trains: ["quadriceps, glutes, shins and calves", "balance and body awareness", "walking economy backward"],
        safetyNotes: [
            "Comfortable means you could hold a conversation.",
            "Progress one thing at a time: time, then rails, then incline, then speed.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.2",
                "10–15 min per session, 3–4 sessions a week (10–20 min several times a week is also cited); it can be done daily."
            )
        ],
        sessionsPerWeek: 3...7,
        requirements: ProgramRequirements(minimumStage: .novice),
        parameters: [ParameterSpec(.minutes, 10...20, default: 12, unit: "min", "minutes of backward walking")],
        build: { p, dose in
            [
                Workout(
                    name: "Regular practice",
                    summary: "\(p[.minutes]) minutes of backward walking at a comfortable speed.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Backward walk", seconds: Seconds(p[.minutes] * 60),
                                speed: dose.walkTarget(fallback: .effort(.comfortable)), grade: dose.grade ?? .level,
                                handrail: dose.handrail, extraCues: [.softKneesBracedCore])),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.3 Backward hill repeats: 30–60 s uphill backward, rest as needed, 5–10 rounds; incline is the overload.
    public static let hillRepeats = Program(
        id: "hill-repeats", name: "Backward hill repeats",
        summary: "Short uphill backward bouts: incline is the overload, like pushing a sled.",
        audience: "People who walk backward comfortably on the level and want strength and conditioning.",
        trains: ["quadriceps and glutes", "calves", "conditioning"],
        safetyNotes: [
            "Only once level backward walking is comfortable.",
            "Rest as long as you need between rounds; the belt slows or stops for each rest.",
            "After an inclined session, stand still for a moment before stepping off: sway is increased after inclined backward walking (Gait & Posture 2018).",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.3",
                "30–60 s walking backward up an incline, rest as needed, 5–10 rounds; incline is the main overload."),
            Citation("Gait & Posture 2018", "Postural sway increases after 15 min of inclined backward walking."),
        ],
        sessionsPerWeek: 1...2,
        requirements: ProgramRequirements(minimumStage: .established, needsIncline: true),
        parameters: [
            ParameterSpec(.rounds, 5...10, default: 6, unit: "", "uphill rounds"),
            ParameterSpec(.boutSeconds, 30...60, default: 30, unit: "s", "seconds uphill each round"),
            ParameterSpec(.restSeconds, 30...180, default: 90, unit: "s", "rest between rounds (as needed)"),
            ParameterSpec(
                .gradePercent, 2...15, default: 6, unit: "%", "incline of the uphill bouts (capped by your stage)"),
        ],
        build: { p, dose in
            let grade = Grade(percent: Double(p[.gradePercent]))
            let walk = dose.walkTarget(fallback: .effort(.comfortable))
            return [
                Workout(
                    name: "Backward hill repeats",
                    summary:
                        "\(p[.rounds]) × \(p[.boutSeconds]) s backward uphill at \(p[.gradePercent]) %, \(p[.restSeconds]) s rest.",
                    items: [
                        .step(Steps.backwardWalk("Level warm-up", seconds: 300, speed: walk, handrail: dose.handrail)),
                        .repeats(
                            RepeatBlock(
                                count: p[.rounds],
                                steps: [
                                    Steps.backwardWalk(
                                        "Uphill backward", seconds: Seconds(p[.boutSeconds]), speed: walk, grade: grade,
                                        handrail: dose.handrail, extraCues: [.pushTheSled]),
                                    Steps.standingRest(Seconds(p[.restSeconds]), note: "Rest as long as you need."),
                                ])),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.4 Backward sprint intervals: 15–20 s as fast as is safe, 60–90 s rest, 5–10 rounds; experienced only.
    public static let sprintIntervals = Program(
        id: "sprint-intervals", name: "Backward sprint intervals",
        summary: "Short, fast backward efforts with full rests, for experienced users only.",
        audience: "Experienced backward walkers and athletes with clear screening.",
        trains: ["power", "anaerobic conditioning", "quick backward footwork"],
        safetyNotes: [
            "Experienced users only: never in the first weeks, and not for older adults or people with balance problems.",
            "As fast as is safe means in control: hold the rails if form slips, and stop the round early rather than stumble.",
            "Speed never exceeds your cap.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.4",
                "15–20 s as fast as is safe, 60–90 s rest, 5–10 rounds; experienced users only.")
        ],
        sessionsPerWeek: 1...2,
        requirements: ProgramRequirements(
            minimumStage: .advanced, excludedPopulations: [.olderAdult, .balanceImpaired, .parkinsons, .stroke],
            involvesRunning: true),
        parameters: [
            ParameterSpec(.rounds, 5...10, default: 5, unit: "", "sprint rounds"),
            ParameterSpec(.boutSeconds, 15...20, default: 15, unit: "s", "seconds of each sprint"),
            ParameterSpec(.restSeconds, 60...90, default: 90, unit: "s", "rest after each sprint"),
        ],
        build: { p, dose in
            // The sprint speed is the person's own call; the session engine never lets it pass the cap.
            let sprint = SpeedTarget.effort(.asFastAsSafe)
            return [
                Workout(
                    name: "Backward sprint intervals",
                    summary:
                        "\(p[.rounds]) × \(p[.boutSeconds]) s backward as fast as is safe, \(p[.restSeconds]) s rest.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Warm-up", seconds: 300, speed: dose.walkTarget(fallback: .effort(.comfortable)),
                                handrail: dose.handrail)),
                        .repeats(
                            RepeatBlock(
                                count: p[.rounds],
                                steps: [
                                    Steps.backwardRun(
                                        "Sprint backward", seconds: Seconds(p[.boutSeconds]), speed: sprint,
                                        handrail: dose.handrail),
                                    Steps.standingRest(Seconds(p[.restSeconds])),
                                ])),
                        .step(
                            Steps.backwardWalk(
                                "Cool-down", seconds: 180, speed: .effort(.easy), handrail: dose.handrail)),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.5 Buy-in / cash-out: a long backward walk before and after a strength or circuit workout.
    public static let buyInCashOut = Program(
        id: "buy-in-cash-out", name: "Buy-in / cash-out",
        summary: "A long backward walk before and after your own strength or circuit workout.",
        audience: "Strength trainees and athletes who already walk backward steadily.",
        trains: ["work capacity", "quadriceps endurance", "warm-up and cool-down"],
        safetyNotes: [
            "Walk the cash-out a little slower than the buy-in: your legs are tired after the strength work."
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.5", "A long backward walk before and after a strength or circuit workout.")
        ],
        sessionsPerWeek: 1...3,
        requirements: ProgramRequirements(minimumStage: .novice),
        parameters: [ParameterSpec(.minutes, 5...20, default: 10, unit: "min", "minutes of each backward walk")],
        build: { p, dose in
            let walk = dose.walkTarget(fallback: .effort(.comfortable))
            return [
                Workout(
                    name: "Buy-in / cash-out",
                    summary:
                        "\(p[.minutes]) min backward walk, your strength workout, \(p[.minutes]) min backward walk.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Buy-in walk", seconds: Seconds(p[.minutes] * 60), speed: walk, handrail: dose.handrail)
                        ),
                        .step(
                            Step(
                                name: "Strength or circuit workout", activity: .rest(.offTreadmill), goal: .open,
                                cues: [], note: "Do your own strength or circuit workout, then come back.")),
                        .step(
                            Steps.backwardWalk(
                                "Cash-out walk", seconds: Seconds(p[.minutes] * 60), speed: .effort(.easy),
                                handrail: dose.handrail)),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.6 Conditioning finisher: a long backward walk, then 50 push-ups and 50 squats for time.
    public static let conditioningFinisher = Program(
        id: "conditioning-finisher", name: "Conditioning finisher",
        summary: "A long backward walk, then 50 push-ups and 50 squats for time.",
        audience: "Fit adults and athletes.",
        trains: ["conditioning", "upper-body pushing strength", "leg endurance"],
        safetyNotes: [
            "Break the reps into sets as you need; knee push-ups are fine.",
            "Step off the treadmill for the strength work.",
        ],
        evidence: [
            Citation("Backstep domain brief §3.6", "A long backward walk, then 50 push-ups and 50 squats, for time.")
        ],
        sessionsPerWeek: 1...2,
        requirements: ProgramRequirements(minimumStage: .established),
        parameters: [ParameterSpec(.minutes, 10...30, default: 15, unit: "min", "minutes of the backward walk")],
        build: { p, dose in
            [
                Workout(
                    name: "Conditioning finisher",
                    summary: "\(p[.minutes]) min backward walk, then 50 push-ups and 50 squats for time.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Long backward walk", seconds: Seconds(p[.minutes] * 60),
                                speed: dose.walkTarget(fallback: .effort(.brisk)), handrail: dose.handrail)),
                        .step(Steps.pauseBeforeStepOff()),
                        .step(
                            Steps.strength(.pushUp, goal: .repsForTime(50), note: "For time: as many sets as you need.")
                        ),
                        .step(
                            Steps.strength(.squat, goal: .repsForTime(50), note: "For time: as many sets as you need.")),
                    ])
            ]
        })

    /// §3.7 Warm-up / pre-fatigue: a backward walk before leg strength work such as goblet squats.
    public static let warmUpPreFatigue = Program(
        id: "warm-up-pre-fatigue", name: "Warm-up / pre-fatigue",
        summary: "A backward walk before goblet squats, so lighter weights are enough.",
        audience: "Strength trainees, including those who want lighter loads on the knees.",
        trains: ["quadriceps", "glutes", "squat pattern"],
        safetyNotes: ["Choose a lighter weight than usual: the walk has already tired the quadriceps."],
        evidence: [
            Citation(
                "Backstep domain brief §3.7",
                "A backward walk before leg strength work such as goblet squats, so lighter weights are enough.")
        ],
        sessionsPerWeek: 1...3,
        requirements: ProgramRequirements(minimumStage: .novice),
        parameters: [
            ParameterSpec(.minutes, 5...15, default: 10, unit: "min", "minutes of the backward walk"),
            ParameterSpec(.sets, 2...4, default: 3, unit: "", "sets of goblet squats"),
            ParameterSpec(.reps, 6...15, default: 10, unit: "", "goblet squats per set"),
        ],
        build: { p, dose in
            [
                Workout(
                    name: "Warm-up / pre-fatigue",
                    summary:
                        "\(p[.minutes]) min backward walk, then \(p[.sets]) × \(p[.reps]) goblet squats with a light weight.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Backward walk", seconds: Seconds(p[.minutes] * 60),
                                speed: dose.walkTarget(fallback: .effort(.brisk)), handrail: dose.handrail)),
                        .step(Steps.pauseBeforeStepOff()),
                        .repeats(
                            RepeatBlock(
                                count: p[.sets],
                                steps: [
                                    Steps.strength(
                                        .gobletSquat, goal: .reps(p[.reps]), load: "light dumbbell or kettlebell"),
                                    Steps.standingRest(90),
                                ])),
                    ])
            ]
        })

    /// §3.8 Backward running: the advanced stage after walking is mastered, on a treadmill with rails first,
    /// slow and smooth. Young adults switch from walking to running near 1.63 ± 0.11 m/s (Hreljac et al. 2005).
    public static let backwardRunning = Program(
        id: "backward-running", name: "Backward running",
        summary: "Slow, smooth backward running bouts between backward walks: the step after walking is mastered.",
        audience: "Experienced backward walkers who have passed the running gate; athletes returning from knee injury.",
        trains: ["running economy backward", "quadriceps power", "coordination at speed"],
        safetyNotes: [
            "Only after backward walking is mastered: hands free at a brisk comfortable speed without pain or near-falls.",
            "On a treadmill with rails first; keep it slow and smooth.",
            "Backward running costs about a third more energy than forward running at the same speed (Wright & Weyand 2001).",
        ],
        evidence: [
            Citation(
                "Hreljac et al., J Sports Sci Med 2005",
                "Young adults switch from backward walking to running at about 1.63 ± 0.11 m/s."),
            Citation(
                "Roos et al., J Biomech 2012",
                "Peak patellofemoral compression in backward running was 3.4 body weights versus 4.5 forward."),
        ],
        sessionsPerWeek: 1...3,
        requirements: ProgramRequirements(
            minimumStage: .running, excludedPopulations: [.olderAdult, .balanceImpaired, .parkinsons, .stroke],
            involvesRunning: true),
        parameters: [
            ParameterSpec(.rounds, 4...10, default: 6, unit: "", "running bouts"),
            ParameterSpec(.boutSeconds, 30...120, default: 60, unit: "s", "seconds of each running bout"),
            ParameterSpec(.restSeconds, 60...180, default: 90, unit: "s", "backward walking between bouts"),
        ],
        build: { p, dose in
            let transition = SafetyPolicy.walkRunTransition
            let run = SpeedTarget.range(dose.clamped(transition), dose.clamped(transition + .metersPerSecond(0.2)))
            let walk = dose.walkTarget(fallback: .effort(.comfortable))
            return [
                Workout(
                    name: "Backward running",
                    summary:
                        "\(p[.rounds]) × \(p[.boutSeconds]) s slow backward running, \(p[.restSeconds]) s backward walking between.",
                    items: [
                        .step(Steps.backwardWalk("Warm-up walk", seconds: 300, speed: walk, handrail: dose.handrail)),
                        .repeats(
                            RepeatBlock(
                                count: p[.rounds],
                                steps: [
                                    Steps.backwardRun(
                                        "Backward run", seconds: Seconds(p[.boutSeconds]), speed: run,
                                        handrail: dose.handrail, note: "Slow and smooth; rails within reach."),
                                    Steps.backwardWalk(
                                        "Backward walk", seconds: Seconds(p[.restSeconds]), speed: walk,
                                        handrail: dose.handrail),
                                ])),
                        .step(Steps.pauseBeforeStepOff()),
                    ])
            ]
        })

    /// §3.9 Overload options: incline, then speed, then duration; a weighted vest for the strong.
    public static let overload = Program(
        id: "overload", name: "Progressive overload",
        summary:
            "Your regular walk made harder one way at a time: incline first, then speed, then duration; a weighted vest for the strong.",
        audience: "People whose regular practice now feels easy.",
        trains: ["strength endurance", "conditioning"],
        safetyNotes: [
            "Change one thing at a time and keep it for at least two sessions.",
            "A weighted vest only once hands-free backward walking is steady; start light.",
        ],
        evidence: [
            Citation(
                "Backstep domain brief §3.9",
                "Overload by incline, then speed, then duration; a weighted vest for the strong.")
        ],
        sessionsPerWeek: 2...4,
        requirements: ProgramRequirements(minimumStage: .established, needsIncline: true),
        parameters: [
            ParameterSpec(.minutes, 10...30, default: 15, unit: "min", "minutes of backward walking"),
            ParameterSpec(.gradePercent, 1...15, default: 4, unit: "%", "incline (capped by your stage)"),
        ],
        build: { p, dose in
            let walk = dose.walkTarget(fallback: .effort(.comfortable))
            let grade = Grade(percent: Double(p[.gradePercent]))
            return [
                Workout(
                    name: "Progressive overload: incline",
                    summary: "\(p[.minutes]) min backward walk at \(p[.gradePercent]) % incline.",
                    items: [
                        .step(Steps.backwardWalk("Level start", seconds: 180, speed: walk, handrail: dose.handrail)),
                        .step(
                            Steps.backwardWalk(
                                "Inclined backward walk", seconds: Seconds(max(p[.minutes] * 60 - 180, 60)),
                                speed: walk, grade: grade, handrail: dose.handrail, extraCues: [.pushTheSled])),
                        .step(Steps.pauseBeforeStepOff()),
                    ]),
                Workout(
                    name: "Progressive overload: weighted vest",
                    summary: "\(p[.minutes]) min level backward walk wearing a weighted vest.",
                    items: [
                        .step(
                            Steps.backwardWalk(
                                "Backward walk with vest", seconds: Seconds(p[.minutes] * 60), speed: walk,
                                handrail: dose.handrail,
                                note: "Wear a light weighted vest; add load only when this feels easy.")),
                        .step(Steps.pauseBeforeStepOff()),
                    ]),
            ]
        })
}
