import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The server-rendered pages. Every handler reads and writes through `TrainingService`, the same as the API.
struct WebController: Sendable {
    let state: AppState
    var service: TrainingService { state.service }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await home(request, context) }
        router.get("signup") { _, context in page("signup", context, ["title": "Create your account"]) }
        router.post("signup") { request, context in try await signUp(request, context) }
        router.get("signin") { request, context in
            page("signin", context, ["title": "Sign in", "next": safeNext(request.uri.queryParameters.get("next"))])
        }
        router.post("signin") { request, context in try await signIn(request, context) }
        router.post("signout") { request, context in try await signOut(request, context) }
        router.get("onboarding") { _, context in try await onboarding(context, form: nil) }
        router.post("onboarding") { request, context in try await saveOnboarding(request, context) }
        router.get("screening") { _, context in try await screening(context, errors: [:]) }
        router.post("screening") { request, context in try await saveScreening(request, context) }
        router.get("programs") { _, context in try programs(context) }
        router.get("programs/:id") { _, context in try program(context) }
        router.get("plan") { _, context in try await plan(context, errors: [:]) }
        router.post("plan") { request, context in try await generatePlan(request, context) }
        router.post("sessions/start") { request, context in try await startSession(request, context) }
        router.get("sessions/live") { _, context in try await livePage(context) }
        router.get("sessions/connect") { request, context in try await connectPage(request, context) }
        router.get("history") { _, context in try await history(context) }
        router.get("sessions/:id") { _, context in try await sessionPage(context) }
        router.get("sessions/:id/feedback") { _, context in try await feedback(context, errors: [:], values: [:]) }
        router.post("sessions/:id/feedback") { request, context in try await saveFeedback(request, context) }
        router.post("sessions/:id/morning-pain") { request, context in try await saveMorningPain(request, context) }
        router.get("dashboard") { _, context in try await dashboard(context) }
        router.get("assessments") { _, context in try await assessments(context, errors: [:], values: [:]) }
        router.post("assessments") { request, context in try await saveAssessment(request, context) }
        router.get("settings") { _, context in try await settings(context, errors: [:], notice: nil, token: nil) }
        router.post("settings") { request, context in try await saveSettings(request, context) }
        router.post("settings/token") { request, context in try await createToken(request, context) }
        router.post("settings/tokens/:id/revoke") { request, context in try await revokeToken(request, context) }
        router.post("settings/password") { request, context in try await changePassword(request, context) }
        router.get("assets/:name") { _, context in try asset(context) }
    }

    // MARK: Rendering

    func page(
        _ name: String, _ context: AppRequestContext, _ values: [String: Any], status: HTTPResponse.Status = .ok
    )
        -> HTML
    {
        var all = values
        all["csrf"] = context.csrfToken
        all["signedIn"] = context.identity != nil
        all["userName"] = context.identity?.user.name ?? ""
        return HTML(state.templates.render(name, all), status: status)
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func form(_ request: Request) async throws -> Form {
        try await Form.read(request, limit: state.settings.maxBodyBytes)
    }

    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/plan" }
        return next
    }

    /// Field errors as the templates read them: `errors.field` is the message.
    func errorValues(_ errors: [String: String]) -> [String: Any] {
        ["errors": errors, "hasErrors": !errors.isEmpty]
    }

    func units(_ user: User) async throws -> UnitPreference {
        try await service.profile(for: user)?.units ?? .metric
    }

    // MARK: Accounts

    func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else {
            return try page("home", context, ["title": "Backstep"]).response(from: request, context: context)
        }
        if try await service.profile(for: user) == nil { return redirect("/onboarding") }
        return redirect("/plan")
    }

    func signUp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await form(request)
        do {
            let user = try await service.signUp(
                name: form.string("name"), email: form.string("email"), password: form.values["password"]?.first,
                now: state.clock.now())
            return try await signedIn(user, context: context, to: "/onboarding")
        } catch let error as FormErrors {
            return try page(
                "signup", context,
                [
                    "title": "Create your account", "name": form.string("name") ?? "",
                    "email": form.string("email") ?? "",
                ]
                .merging(errorValues(error.errors)) { $1 }, status: .unprocessableContent
            ).response(from: request, context: context)
        } catch let error as AppError where error.field != nil {
            return try page(
                "signup", context,
                [
                    "title": "Create your account", "name": form.string("name") ?? "",
                    "email": form.string("email") ?? "",
                ]
                .merging(errorValues([error.field ?? "email": error.message])) { $1 }, status: error.status
            ).response(from: request, context: context)
        }
    }

    func signedIn(_ user: User, context: AppRequestContext, to location: String) async throws -> Response {
        let (token, _) = try await service.startWebSession(for: user, now: state.clock.now())
        var response = redirect(location)
        response.setCookie(
            Cookie(
                name: CookieName.session, value: token, maxAge: Int(state.settings.sessionLifetime), path: "/",
                secure: context.isSecure, httpOnly: true, sameSite: .lax))
        return response
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await form(request)
        let email = (form.string("email") ?? "").lowercased()
        let password = form.values["password"]?.first ?? ""
        let next = safeNext(form.string("next"))
        let now = state.clock.now()
        func again(_ message: String, status: HTTPResponse.Status) throws -> Response {
            try page(
                "signin", context,
                ["title": "Sign in", "email": email, "next": next].merging(errorValues(["email": message])) { $1 },
                status: status
            ).response(from: request, context: context)
        }
        if let wait = await state.limiter.retryAfter(email, now: now) {
            var response = try again(
                "Too many failed sign-ins. Try again in \(Int(wait.rounded(.up) / 60) + 1) minutes.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        guard !email.isEmpty, !password.isEmpty,
            let user = try await service.authenticate(email: email, password: password)
        else {
            await state.limiter.recordFailure(email, now: now)
            return try again("The e-mail address or password is not right.", status: .unauthorized)
        }
        await state.limiter.reset(email)
        return try await signedIn(user, context: context, to: next)
    }

    func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if case .session(let hash) = context.identity?.method {
            try await state.store.deleteWebSession(tokenHash: hash)
        }
        var response = redirect("/")
        response.setCookie(
            Cookie(
                name: CookieName.session, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true,
                sameSite: .lax))
        return response
    }

    // MARK: Onboarding and screening

    func onboarding(_ context: AppRequestContext, form: Form?, status: HTTPResponse.Status = .ok) async throws -> HTML {
        let user = try context.requireUser()
        let profile = try await service.profile(for: user)
        let units = profile?.units ?? .metric
        func value(_ name: String, _ fallback: String) -> String { form?.values[name]?.first ?? fallback }
        let selectedGoal = value("goal", profile?.goal.rawValue ?? Goal.fitness.rawValue)
        let selectedExperience = value("experience", profile?.experience.rawValue ?? Experience.beginner.rawValue)
        let selectedUnits = value("units", units.rawValue)
        let conditions = form.map { Set($0.all("conditions")) } ?? Set(profile?.conditions.map(\.rawValue) ?? [])
        let massValue = profile.map { units == .metric ? $0.mass.kilograms : $0.mass.pounds }
        return page(
            "onboarding", context,
            [
                "title": "Your profile",
                "age": value("age", profile.map { String($0.age) } ?? ""),
                "mass": value("mass", massValue.map { ProgressionText.number($0) } ?? ""),
                "speedCap": value("speedCap", Fmt.speedValue(profile?.speedCap, units)),
                "treadmillMax": value(
                    "treadmillMax", Fmt.speedValue(profile?.equipment.treadmill?.maximumSpeed, units)),
                "treadmillGrade": value(
                    "treadmillGrade",
                    profile?.equipment.treadmill.map { ProgressionText.number($0.maximumGrade.percent) } ?? ""),
                "ftms": form?.flag("ftms") ?? profile?.equipment.treadmill?.ftms ?? false,
                "goals": Goal.allCases.map {
                    ["value": $0.rawValue, "label": Self.goalLabel($0), "selected": $0.rawValue == selectedGoal]
                },
                "experiences": Experience.allCases.map {
                    [
                        "value": $0.rawValue, "label": $0.rawValue.capitalized,
                        "selected": $0.rawValue == selectedExperience,
                    ]
                },
                "unitChoices": [
                    ["value": "metric", "label": "km/h and kg", "selected": selectedUnits == "metric"],
                    ["value": "imperial", "label": "mph and lb", "selected": selectedUnits == "imperial"],
                ],
                "conditions": Condition.allCases.map {
                    [
                        "value": $0.rawValue, "label": Self.conditionLabel($0),
                        "checked": conditions.contains($0.rawValue),
                    ]
                },
            ].merging(errorValues(form?.errors ?? [:])) { $1 }, status: status)
    }

    static func goalLabel(_ goal: Goal) -> String {
        switch goal {
        case .knee: "Knee pain relief"
        case .balance: "Balance and fall prevention"
        case .fitness: "General fitness"
        case .fatLoss: "Fat loss"
        case .strength: "Leg strength"
        case .stroke: "Walking after a stroke (with a clinician)"
        case .running: "Work up to backward running"
        }
    }

    static func conditionLabel(_ condition: Condition) -> String {
        condition.rawValue.replacingOccurrences(of: "-", with: " ").capitalized
            .replacingOccurrences(of: "Oa", with: "osteoarthritis")
    }

    /// Reads the profile form into a profile, collecting errors per field.
    static func readProfile(_ form: inout Form) -> Profile? {
        let units = form.choice("units", label: "Units", as: UnitPreference.self) ?? .metric
        let age = form.integer("age", label: "Age", in: Profile.ageRange)
        let massRange =
            units == .metric
            ? Profile.massRange
            : (Profile.massRange.lowerBound / Mass.kilogramsPerPound)...(Profile.massRange.upperBound
                / Mass.kilogramsPerPound)
        let mass = form.number(
            "mass", label: "Body mass", in: massRange.lowerBound.rounded(.up)...massRange.upperBound.rounded(.down),
            unit: units == .metric ? "kg" : "lb")
        let goal = form.choice("goal", label: "Goal", as: Goal.self)
        let experience = form.choice("experience", label: "Experience", as: Experience.self)
        let perUnit = Speed(1, units.speedUnit).metersPerSecond
        let speedRange =
            (Profile.speedRange.lowerBound / perUnit).rounded(
                .up)...(Profile.speedRange.upperBound / perUnit).rounded(.down)
        let cap = form.number(
            "speedCap", label: "Speed cap", in: 0.5...speedRange.upperBound, required: false,
            unit: units.speedUnit.symbol)
        let treadmillMax = form.number(
            "treadmillMax", label: "Treadmill top speed", in: 1...speedRange.upperBound, required: false,
            unit: units.speedUnit.symbol)
        let treadmillGrade = form.number(
            "treadmillGrade", label: "Treadmill top incline", in: 0...40, required: false, unit: "%")
        var conditions: Set<Condition> = []
        for raw in form.all("conditions") {
            guard let condition = Condition(rawValue: raw) else {
                form.errors["conditions"] = "Unknown condition."
                continue
            }
            conditions.insert(condition)
        }
        guard let age, let mass, let goal, let experience, form.isValid else { return nil }
        var equipment = Equipment.standard
        if treadmillMax != nil || treadmillGrade != nil || form.flag("ftms") {
            var spec = TreadmillSpec.typical
            if let treadmillMax { spec.maximumSpeed = Speed(treadmillMax, units.speedUnit) }
            if let treadmillGrade { spec.maximumGrade = .percent(treadmillGrade) }
            spec.ftms = form.flag("ftms")
            equipment.treadmill = spec
        }
        return Profile(
            age: age, mass: units == .metric ? Mass(kilograms: mass) : .pounds(mass), goal: goal,
            experience: experience, conditions: conditions, equipment: equipment, units: units,
            speedCap: cap.map { Speed($0, units.speedUnit) })
    }

    static let profileFieldMap = [
        "speedCap": "speedCap", "treadmill.maximumSpeed": "treadmillMax", "treadmill.maximumGrade": "treadmillGrade",
    ]

    func saveOnboarding(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        guard let profile = Self.readProfile(&form) else {
            return try await onboarding(context, form: form, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        do {
            try await service.saveProfile(profile, for: user, now: state.clock.now())
        } catch let error as AppError {
            form.errors[Self.profileFieldMap[error.field ?? ""] ?? error.field ?? "age"] = error.message
            return try await onboarding(context, form: form, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        return redirect(try await service.screening(for: user) == nil ? "/screening" : "/plan")
    }

    func screening(
        _ context: AppRequestContext, errors: [String: String], status: HTTPResponse.Status = .ok
    )
        async throws -> HTML
    {
        let user = try context.requireUser()
        let current = try await service.screening(for: user)
        return page(
            "screening", context,
            [
                "title": "Health screening",
                "questions": ScreeningTopic.allCases.map { topic in
                    [
                        "name": topic.rawValue, "question": topic.question,
                        "yes": current?.answers[topic] == true, "no": current?.answers[topic] == false,
                        "error": errors[topic.rawValue] ?? "",
                    ] as [String: Any]
                },
                "advice": current?.clearance.advice ?? "",
            ].merging(errorValues(errors)) { $1 }, status: status)
    }

    func saveScreening(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let form = try await form(request)
        var answers: [ScreeningTopic: Bool] = [:]
        var errors: [String: String] = [:]
        for topic in ScreeningTopic.allCases {
            switch form.string(topic.rawValue) {
            case "yes": answers[topic] = true
            case "no": answers[topic] = false
            default: errors[topic.rawValue] = "Answer yes or no."
            }
        }
        if !form.flag("safety") { errors["safety"] = "Confirm the safety checklist." }
        guard errors.isEmpty else {
            return try await screening(context, errors: errors, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        _ = try await service.saveScreening(answers, for: user, now: state.clock.now())
        return redirect("/plan")
    }

    // MARK: Catalog

    func programs(_ context: AppRequestContext) throws -> HTML {
        page(
            "programs", context,
            [
                "title": "Programs",
                "programs": Catalog.programs.map {
                    ["id": $0.id, "name": $0.name, "summary": $0.summary, "audience": $0.audience]
                },
            ])
    }

    func program(_ context: AppRequestContext) throws -> HTML {
        let id = try context.parameters.require("id")
        guard let program = try? Catalog.program(id: id) else { throw AppError.notFound }
        let workout = try? program.workout()
        return page(
            "program", context,
            [
                "title": program.name, "name": program.name, "summary": program.summary, "audience": program.audience,
                "trains": program.trains, "safety": program.safetyNotes,
                "evidence": program.evidence.map { ["source": $0.source, "finding": $0.finding] },
                "sessionsPerWeek": "\(program.sessionsPerWeek.lowerBound)–\(program.sessionsPerWeek.upperBound)",
                "steps": workout.map(Self.steps) ?? [],
            ])
    }

    static func steps(_ workout: Workout) -> [[String: Any]] {
        workout.performedSteps.map { performed in
            var text = performed.step.name
            if let round = performed.round, let rounds = performed.rounds { text += " (round \(round) of \(rounds))" }
            return ["name": text, "time": ProgressionText.duration(performed.step.estimatedSeconds)]
        }
    }

    // MARK: Plan

    func plan(
        _ context: AppRequestContext, errors: [String: String], status: HTTPResponse.Status = .ok
    ) async throws
        -> HTML
    {
        let user = try context.requireUser()
        guard let profile = try await service.profile(for: user) else { throw Redirect(to: "/onboarding") }
        let units = profile.units
        let now = state.clock.now()
        var values: [String: Any] = ["title": "My plan"]
        let screening = try await service.screening(for: user)
        values["clearance"] = (screening?.clearance ?? .notScreened).advice
        values["needsScreening"] = screening == nil
        if let pending = try await service.pendingMorningPain(for: user, now: now) {
            values["morningPain"] = ["sessionId": pending.id.uuidString, "day": Fmt.day(pending.startedAt)]
        }
        if let resumable = try await service.resumable(for: user, now: now) {
            values["resume"] = [
                "sessionId": resumable.session.id.uuidString, "name": resumable.session.workout.name,
                "step": resumable.stepIndex + 1, "steps": resumable.stepsTotal,
                "left": ProgressionText.duration(resumable.remainder.estimatedSeconds),
                "stepsLeft": resumable.remainder.performedSteps.count,
            ]
        }
        let decision = try await service.latestDecision(for: user)
        if let decision {
            values["decision"] = Self.decisionValues(decision.decision, units: units)
        }
        if let stored = try await service.plan(for: user) {
            let today = TrainingStatistics.startOfDay(now)
            if let (week, next) = service.nextPlanned(stored, now: now) {
                let (workout, prescription) = service.workout(for: week, session: next, decision: decision?.decision)
                values["next"] =
                    [
                        "week": week.number, "day": next.day, "name": workout.name,
                        "when": next.date.map { $0 == today ? "Today" : Fmt.weekday($0) } ?? "Next",
                        "isToday": next.date == today,
                        "duration": ProgressionText.duration(workout.estimatedSeconds),
                        "speed": Fmt.speed(prescription.speed, units), "handrail": prescription.handrail.label,
                        "steps": Self.steps(workout),
                    ] as [String: Any]
            }
            let currentWeek = stored.plan.weeks.first { week in
                week.sessions.contains { ($0.date ?? .distantPast) >= today } || week.number == stored.plan.weeks.count
            }
            values["weeks"] = stored.plan.weeks.map { week in
                [
                    "number": week.number, "focus": week.focus, "current": week.number == currentWeek?.number,
                    "speed": Fmt.speed(week.speed, units), "cap": Fmt.speed(week.speedCap, units),
                    "handrail": week.handrail.label,
                    "sessions": week.sessions.map { session in
                        [
                            "day": session.date.map(Fmt.weekday) ?? "Day \(session.day)", "name": session.workout.name,
                            "duration": ProgressionText.duration(session.estimatedSeconds),
                            "isToday": session.date == today,
                        ] as [String: Any]
                    },
                ] as [String: Any]
            }
            values["diagnostics"] = stored.plan.diagnostics.map(\.message)
            values["downloads"] = InteropController.planDownloads(stored, now: now)
            values["hasPlan"] = true
        }
        values["modes"] = LiveMode.allCases.map { ["value": $0.rawValue, "label": Self.modeLabel($0)] }
        return page("plan", context, values.merging(errorValues(errors)) { $1 }, status: status)
    }

    static func modeLabel(_ mode: LiveMode) -> String {
        switch mode {
        case .manual: "Manual: I set the treadmill myself"
        case .bluetooth: "Bluetooth treadmill (FTMS)"
        case .simulated: "Simulated treadmill (demo)"
        }
    }

    static func decisionValues(_ decision: ProgressionDecision, units: UnitPreference) -> [String: Any] {
        [
            "action": decision.action.label.prefix(1).uppercased() + decision.action.label.dropFirst(),
            "stop": decision.action == .stopAndSeeProfessional,
            "reasons": decision.reasons.map(\.sentence),
            "changes": decision.changedVariables.map { variable in
                "\(variable.label): \(value(of: variable, in: decision.current, units: units)) → \(value(of: variable, in: decision.next, units: units))"
            },
        ]
    }

    static func value(of variable: ProgressionVariable, in prescription: Prescription, units: UnitPreference) -> String
    {
        switch variable {
        case .duration: ProgressionText.duration(prescription.duration)
        case .handrail: prescription.handrail.label
        case .grade: "\(ProgressionText.number(prescription.grade.percent)) %"
        case .speed: Fmt.speed(prescription.speed, units)
        case .gait: prescription.gait.rawValue
        }
    }

    func generatePlan(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        let days = form.integer("days", label: "Days per week", in: PlanRequest.daysRange)
        let minutes = form.integer("minutes", label: "Minutes per session", in: PlanRequest.minutesRange)
        let weeks = form.integer("weeks", label: "Weeks", in: PlanRequest.weeksRange)
        guard let days, let minutes, let weeks else {
            return try await plan(context, errors: form.errors, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        do {
            _ = try await service.generatePlan(
                for: user, daysPerWeek: days, minutes: minutes, weeks: weeks, now: state.clock.now())
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await plan(
                context, errors: [error.field ?? "days": error.message], status: .unprocessableContent
            )
            .response(from: request, context: context)
        }
        return redirect("/plan")
    }

    // MARK: Live sessions

    func startSession(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        let mode = form.choice("mode", label: "Treadmill", as: LiveMode.self) ?? .manual
        let week = form.string("week").flatMap(Int.init)
        let day = form.string("day").flatMap(Int.init)
        let program = form.string("program")
        let resume = try form.string("resume").map { raw throws(AppError) -> UUID in
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid("resume", "Not a session id.") }
            return id
        }
        if mode == .bluetooth {
            // Web Bluetooth needs a tap on the page that then keeps the treadmill connected for the whole session:
            // the connect page reads the treadmill and starts the session itself, without leaving the page.
            var query: [String] = []
            if let week, let day { query += ["week=\(week)", "day=\(day)"] }
            if let program, let encoded = program.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                query.append("program=\(encoded)")
            }
            if let resume { query.append("resume=\(resume.uuidString)") }
            return redirect("/sessions/connect" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        }
        let start = try await LiveStarter(state: state).prepare(
            user: user, week: week, day: day, programId: program, mode: mode, bluetooth: nil, resume: resume)
        _ = try await state.live.start(start, for: user.id)
        return redirect("/sessions/live")
    }

    /// The Bluetooth session's first page: it connects the treadmill on a tap, reads its features, starts the
    /// session through `POST /api/v1/sessions/live` and then becomes the player, so the Bluetooth link made on
    /// this page lasts the whole session.
    func connectPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        if try await state.live.active(for: user.id) != nil { return redirect("/sessions/live") }
        // Check now what the start will check, so a missing profile or a stop decision shows before connecting.
        let query = request.uri.queryParameters
        let week = query.get("week").flatMap(Int.init)
        let day = query.get("day").flatMap(Int.init)
        let program = query.get("program").map { String($0.prefix(80)) }
        let resume = query.get("resume").flatMap { UUID(uuidString: $0) }
        let preview = try await LiveStarter(state: state).prepare(
            user: user, week: week, day: day, programId: program, mode: .manual, bluetooth: nil, resume: resume)
        let units = try await units(user)
        var values = playerValues(units)
        values["title"] = "Connect your treadmill"
        values["mode"] = LiveMode.bluetooth.rawValue
        values["workout"] = preview.workout.name
        values["bluetooth"] = true
        values["pending"] = true
        values["week"] = week.map(String.init) ?? ""
        values["day"] = day.map(String.init) ?? ""
        values["program"] = program ?? ""
        values["resume"] = resume?.uuidString ?? ""
        return try page("live", context, values).response(from: request, context: context)
    }

    /// The template values every player page shares.
    func playerValues(_ units: UnitPreference) -> [String: Any] {
        [
            "speedUnit": units.speedUnit.symbol,
            "speedFactor": ProgressionText.number(Speed(1, units.speedUnit).metersPerSecond, digits: 6),
        ]
    }

    func livePage(_ context: AppRequestContext) async throws -> HTML {
        let user = try context.requireUser()
        guard let session = try await state.live.active(for: user.id) else { throw Redirect(to: "/plan") }
        var values = playerValues(try await units(user))
        values["title"] = "Session"
        values["sessionId"] = session.id.uuidString
        values["mode"] = session.mode.rawValue
        values["workout"] = session.workoutName
        values["bluetooth"] = session.mode == .bluetooth
        values["pending"] = false
        return page("live", context, values)
    }

    // MARK: History and sessions

    func history(
        _ context: AppRequestContext, extra: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let user = try context.requireUser()
        let units = try await units(user)
        let sessions = try await service.history(for: user, limit: 200)
        return page(
            "history", context,
            extra.merging([
                "title": "History",
                "sessions": sessions.map { overview in
                    [
                        "id": overview.id.uuidString, "day": Fmt.dateTime(overview.startedAt),
                        "name": overview.programId.flatMap { try? Catalog.program(id: $0).name } ?? "Session",
                        "status": overview.status.rawValue,
                        "minutes": overview.summary.map { ProgressionText.duration($0.activeSeconds) } ?? "–",
                        "distance": overview.summary.map { Fmt.distance($0.distance.meters, units) } ?? "–",
                        "needsFeedback": overview.feedback == nil && overview.status != .inProgress,
                    ] as [String: Any]
                },
            ]) { $1 }, status: status)
    }

    func sessionId(_ context: AppRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return id
    }

    func sessionPage(_ context: AppRequestContext) async throws -> HTML {
        let user = try context.requireUser()
        let units = try await units(user)
        let (session, overview) = try await service.session(try sessionId(context), of: user)
        let perUnit = Speed(1, units.speedUnit).metersPerSecond
        let speed = session.samples.map { SVGChart.Point(x: $0.t, y: $0.speed.map { $0.metersPerSecond / perUnit }) }
        let target = session.samples.map {
            SVGChart.Point(x: $0.t, y: $0.targetSpeed.map { $0.metersPerSecond / perUnit })
        }
        let grade = session.samples.map { SVGChart.Point(x: $0.t, y: $0.grade?.percent ?? $0.targetGrade?.percent) }
        let heart = session.samples.map { SVGChart.Point(x: $0.t, y: $0.heartRate.map(Double.init)) }
        var values: [String: Any] = [
            "title": "Session on \(Fmt.day(session.startedAt))", "id": session.id.uuidString,
            "when": Fmt.dateTime(session.startedAt), "name": session.workout.name, "status": session.status.rawValue,
            "speedChart": SVGChart.line(title: "Speed", unit: units.speedUnit.symbol, points: speed, target: target),
            "gradeChart": SVGChart.line(title: "Incline", unit: "%", points: grade),
            "heartChart": SVGChart.line(title: "Heart rate", unit: "bpm", points: heart),
            "hasHeart": heart.contains { $0.y != nil },
        ]
        if let summary = session.summary {
            values["summary"] = [
                "active": ProgressionText.duration(summary.activeSeconds),
                "backward": ProgressionText.duration(summary.backwardSeconds),
                "distance": Fmt.distance(summary.distance.meters, units), "kcal": Fmt.kcal(summary.kcal),
                "forwardKcal": Fmt.kcal(summary.forwardKcal),
                "steps": "\(summary.stepsCompleted) of \(summary.stepsTotal)",
                "stopReason": summary.stopReason.map { "\($0)" } ?? "",
            ]
        }
        if let feedback = overview.feedback {
            values["feedback"] =
                [
                    "rpe": feedback.exertion.map { ProgressionText.number($0.value) } ?? "–",
                    "painDuring": feedback.painDuring, "painAfter": feedback.painAfter,
                    "painNextMorning": feedback.painNextMorning.map(String.init) ?? "not yet",
                    "handrail": feedback.handrailUsed.label, "nearFall": feedback.nearFall, "notes": feedback.notes,
                ] as [String: Any]
        } else if session.status != .inProgress {
            values["askFeedback"] = true
        }
        return page("session", context, values)
    }

    func feedback(
        _ context: AppRequestContext, errors: [String: String], values: [String: String],
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let user = try context.requireUser()
        let (session, _) = try await service.session(try sessionId(context), of: user)
        let selected = values["handrail"] ?? HandrailLevel.twoHands.rawValue
        return page(
            "feedback", context,
            [
                "title": "How did it go?", "id": session.id.uuidString, "name": session.workout.name,
                "rpe": values["rpe"] ?? "", "painDuring": values["painDuring"] ?? "0",
                "painAfter": values["painAfter"] ?? "0", "notes": values["notes"] ?? "",
                "nearFall": values["nearFall"] != nil,
                "handrails": HandrailLevel.allCases.map {
                    ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == selected]
                },
            ].merging(errorValues(errors)) { $1 }, status: status)
    }

    func saveFeedback(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try sessionId(context)
        let (session, _) = try await service.session(id, of: user)
        var form = try await form(request)
        let rpe = form.number("rpe", label: "Effort (RPE)", in: 6...20, required: false)
        let painDuring = form.integer("painDuring", label: "Pain during", in: SessionFeedback.painRange)
        let painAfter = form.integer("painAfter", label: "Pain after", in: SessionFeedback.painRange)
        let handrail = form.choice("handrail", label: "Handrail use", as: HandrailLevel.self)
        let notes = form.text("notes", label: "Notes", maxLength: 2000, required: false) ?? ""
        guard let painDuring, let painAfter, let handrail, form.isValid else {
            var values: [String: String] = [:]
            for (key, list) in form.values { values[key] = list.first }
            return try await feedback(context, errors: form.errors, values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let feedback = SessionFeedback(
            date: session.startedAt, completed: session.status == .completed, exertion: rpe.map { .borg($0) },
            painDuring: painDuring, painAfter: painAfter, handrailUsed: handrail, nearFall: form.flag("nearFall"),
            notes: notes)
        try await service.saveFeedback(feedback, for: id, of: user)
        return redirect("/sessions/\(id.uuidString)")
    }

    func saveMorningPain(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try sessionId(context)
        var form = try await form(request)
        guard let pain = form.integer("painNextMorning", label: "Pain this morning", in: SessionFeedback.painRange)
        else {
            return try await plan(context, errors: form.errors, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        try await service.saveMorningPain(pain, for: id, of: user)
        return redirect("/plan")
    }

    // MARK: Dashboard, assessments, settings

    func dashboard(_ context: AppRequestContext) async throws -> HTML {
        let user = try context.requireUser()
        let units = try await units(user)
        let stats = try await service.statistics(for: user, now: state.clock.now())
        var values: [String: Any] = [
            "title": "Progress", "sessions": stats.sessionCount,
            "weeklyMinutes": ProgressionText.number(stats.averageMinutesPerWeek),
            "totalMinutes": ProgressionText.number(stats.totalMinutes),
            "streakDays": stats.streak.currentDays, "streakWeeks": stats.streak.currentWeeks,
            "adherence": stats.adherence?.ratio.map { "\(Int(($0 * 100).rounded())) %" } ?? "–",
            "kcal": Fmt.kcal(stats.totalKcal), "forwardKcal": Fmt.kcal(stats.totalForwardKcal),
            "minutesChart": SVGChart.bars(
                title: "Minutes per week", unit: "min", labels: stats.weeks.map { Fmt.day($0.weekStart) },
                values: stats.weeks.map(\.minutes)),
        ]
        if let speed = stats.comfortableSpeedTrend {
            let perUnit = Speed(1, units.speedUnit).metersPerSecond
            values["speedChart"] = SVGChart.line(
                title: "Comfortable backward speed", unit: units.speedUnit.symbol,
                points: speed.points.map { .init(x: $0.date.timeIntervalSince1970, y: $0.speedMps / perUnit) },
                xLabel: "days", xScale: 86_400)
            values["speedDirection"] = speed.direction.rawValue
        }
        if let pain = stats.painTrend {
            values["painChart"] = SVGChart.line(
                title: "Weekly peak pain", unit: "0–10",
                points: pain.points.map { .init(x: $0.weekStart.timeIntervalSince1970, y: $0.meanPeakPain) },
                xLabel: "days", xScale: 86_400)
            values["painDirection"] = pain.direction
        }
        return page("dashboard", context, values)
    }

    func assessments(
        _ context: AppRequestContext, errors: [String: String], values: [String: String],
        result: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let user = try context.requireUser()
        let records = try await service.assessments(for: user).filter { $0.kind == .threeMetreBackwardWalk }
        var rows: [[String: Any]] = []
        var previous: Double?
        for record in records {
            guard let seconds = record.seconds else { continue }
            let population = record.population ?? .communityOlderAdults
            let meaning =
                (try? ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population))?.summary ?? ""
            let change = previous.flatMap { try? ThreeMetreBackwardWalkTest.compare(previous: $0, current: seconds) }
            rows.append([
                "day": Fmt.day(record.takenAt), "seconds": ProgressionText.number(seconds, digits: 2),
                "meaning": meaning, "change": change?.summary ?? "", "notes": record.notes,
            ])
            previous = seconds
        }
        let selected = values["population"] ?? BackwardWalkTestPopulation.communityOlderAdults.rawValue
        return page(
            "assessments", context,
            [
                "title": "Assessments", "rows": rows.reversed() as [[String: Any]], "result": result ?? "",
                "seconds": values["seconds"] ?? "", "notes": values["notes"] ?? "",
                "trendChart": SVGChart.line(
                    title: "3-metre backward walk", unit: "s",
                    points: records.compactMap { r in r.seconds.map { .init(x: r.takenAt.timeIntervalSince1970, y: $0) }
                    },
                    xLabel: "days", xScale: 86_400),
                "populations": BackwardWalkTestPopulation.allCases.map {
                    ["value": $0.rawValue, "label": $0.label, "selected": $0.rawValue == selected]
                },
            ].merging(errorValues(errors)) { $1 }, status: status)
    }

    func saveAssessment(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        let seconds = form.number(
            "seconds", label: "Time", in: 0.1...ThreeMetreBackwardWalkTest.maximumSeconds, unit: "s")
        let population = form.choice("population", label: "Population", as: BackwardWalkTestPopulation.self)
        let notes = form.text("notes", label: "Notes", maxLength: 2000, required: false) ?? ""
        var values: [String: String] = [:]
        for (key, list) in form.values { values[key] = list.first }
        guard let seconds, let population, form.isValid else {
            return try await assessments(context, errors: form.errors, values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let (_, result) = try await service.saveWalkTest(
            seconds: seconds, population: population, notes: notes, for: user, now: state.clock.now())
        return try await assessments(context, errors: [:], values: [:], result: result.summary)
            .response(from: request, context: context)
    }

    func settings(
        _ context: AppRequestContext, errors: [String: String], notice: String?, token: String?,
        status: HTTPResponse.Status = .ok
    ) async throws
        -> HTML
    {
        let user = try context.requireUser()
        let profile = try await service.profile(for: user)
        let units = profile?.units ?? .metric
        let tokens = try await service.apiTokens(for: user).map { record -> [String: Any] in
            [
                "id": record.id.uuidString, "name": record.name, "created": Fmt.dateTime(record.createdAt),
                "lastUsed": record.lastUsedAt.map(Fmt.dateTime) ?? "never",
            ]
        }
        return page(
            "settings", context,
            [
                "title": "Settings", "notice": notice ?? "", "token": token ?? "", "tokens": tokens,
                "hasTokens": !tokens.isEmpty,
                "speedCap": Fmt.speedValue(profile?.speedCap, units), "speedUnit": units.speedUnit.symbol,
                "hasProfile": profile != nil,
                "unitChoices": [
                    ["value": "metric", "label": "km/h and kg", "selected": units == .metric],
                    ["value": "imperial", "label": "mph and lb", "selected": units == .imperial],
                ],
            ].merging(errorValues(errors)) { $1 }, status: status)
    }

    func saveSettings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        guard var profile = try await service.profile(for: user) else { return redirect("/onboarding") }
        let units = form.choice("units", label: "Units", as: UnitPreference.self) ?? profile.units
        let perUnit = Speed(1, units.speedUnit).metersPerSecond
        let cap = form.number(
            "speedCap", label: "Speed cap", in: 0.5...(Profile.speedRange.upperBound / perUnit).rounded(.down),
            required: false, unit: units.speedUnit.symbol)
        guard form.isValid else {
            return try await settings(context, errors: form.errors, notice: nil, token: nil)
                .response(from: request, context: context)
        }
        profile.units = units
        profile.speedCap = cap.map { Speed($0, units.speedUnit) }
        try await service.saveProfile(profile, for: user, now: state.clock.now())
        return try await settings(context, errors: [:], notice: "Saved.", token: nil).response(
            from: request, context: context)
    }

    func createToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        var form = try await form(request)
        let name = form.text("name", label: "Token name", maxLength: 100) ?? ""
        guard form.isValid else {
            return try await settings(context, errors: form.errors, notice: nil, token: nil)
                .response(from: request, context: context)
        }
        let (token, _) = try await service.issueAPIToken(for: user, name: name, now: state.clock.now())
        return try await settings(
            context, errors: [:], notice: "Copy the token now: it is shown only once.", token: token
        )
        .response(from: request, context: context)
    }

    func revokeToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        try await service.revokeAPIToken(id, of: user)
        return try await settings(context, errors: [:], notice: "Token revoked: it no longer works.", token: nil)
            .response(from: request, context: context)
    }

    func changePassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let form = try await form(request)
        var keep: String?
        if case .session(let hash) = context.identity?.method { keep = hash }
        do {
            _ = try await service.changePassword(
                for: user, current: form.values["currentPassword"]?.first, new: form.values["newPassword"]?.first,
                confirmation: form.values["confirmPassword"]?.first ?? "", keepingWebSession: keep,
                limiter: state.limiter, now: state.clock.now())
        } catch let error as FormErrors {
            return try await settings(
                context, errors: error.errors, notice: nil, token: nil, status: .unprocessableContent
            )
            .response(from: request, context: context)
        } catch let error as AppError where error.status == .tooManyRequests {
            var response = try await settings(
                context, errors: [error.field ?? "currentPassword": error.message], notice: nil, token: nil,
                status: .tooManyRequests
            )
            .response(from: request, context: context)
            for field in error.headers { response.headers.append(field) }
            return response
        }
        return try await settings(
            context, errors: [:], notice: "Password changed. Every other browser and every API token is signed out.",
            token: nil
        )
        .response(from: request, context: context)
    }

    func asset(_ context: AppRequestContext) throws -> Response {
        let name = try context.parameters.require("name")
        guard let file = state.assets.files[name] else { throw AppError.notFound }
        return Response(
            status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: file.body)))
    }
}

/// Sends the browser elsewhere (thrown from page builders that need a step done first).
struct Redirect: Error, HTTPResponseError {
    var to: String
    var status: HTTPResponse.Status { .seeOther }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: to])
    }
}
