import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The profile form and the health screening, the first steps after signing up.
struct OnboardingPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("onboarding") { _, context in try await onboarding(context, form: nil) }
        routes.post("onboarding") { request, context in try await saveOnboarding(request, context) }
        routes.get("screening") { _, context in try await screening(context, errors: [:]) }
        routes.post("screening") { request, context in try await saveScreening(request, context) }
        return routes
    }

    func onboarding(_ context: SignedInContext, form: Form?, status: HTTPResponse.Status = .ok) async throws -> HTML {
        let profile = try await service.profile(for: context.access)
        let units = profile?.units ?? .metric
        func value(_ name: String, _ fallback: String) -> String { form?.values[name]?.first ?? fallback }
        let selectedGoal = value("goal", profile?.goal.rawValue ?? Goal.fitness.rawValue)
        let selectedExperience = value("experience", profile?.experience.rawValue ?? Experience.beginner.rawValue)
        let selectedUnits = value("units", units.rawValue)
        let conditions = form.map { Set($0.all("conditions")) } ?? Set(profile?.conditions.map(\.rawValue) ?? [])
        let massValue = profile.map { units == .metric ? $0.mass.kilograms : $0.mass.pounds }
        let errors = form?.errors ?? [:]
        return page(
            OnboardingViewModel(
                chrome: PageChrome(context, title: "Your profile", errors: errors),
                unitChoices: Choice.units(selected: selectedUnits),
                age: value("age", profile.map { String($0.age) } ?? ""),
                mass: value("mass", massValue.map { ProgressionText.number($0) } ?? ""),
                goals: Goal.allCases.map {
                    Choice(value: $0.rawValue, label: Self.goalLabel($0), selected: $0.rawValue == selectedGoal)
                },
                experiences: Experience.allCases.map {
                    Choice(
                        value: $0.rawValue, label: $0.rawValue.capitalized,
                        selected: $0.rawValue == selectedExperience)
                },
                conditions: Condition.allCases.map {
                    .init(
                        value: $0.rawValue, label: Self.conditionLabel($0), checked: conditions.contains($0.rawValue))
                },
                speedCap: value("speedCap", Fmt.speedValue(profile?.speedCap, units)),
                treadmillMax: value("treadmillMax", Fmt.speedValue(profile?.equipment.treadmill?.maximumSpeed, units)),
                treadmillGrade: value(
                    "treadmillGrade",
                    profile?.equipment.treadmill.map { ProgressionText.number($0.maximumGrade.percent) } ?? ""),
                ftms: form?.flag("ftms") ?? profile?.equipment.treadmill?.ftms ?? false, errors: FieldErrors(errors)),
            status: status)
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

    func saveOnboarding(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        guard let profile = Self.readProfile(&form) else {
            return try await onboarding(context, form: form, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        do {
            try await service.saveProfile(profile, for: context.access, now: clock.now())
        } catch let error as InputError {
            form.errors[Self.profileFieldMap[error.field] ?? error.field] = error.description
            return try await onboarding(context, form: form, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        return redirect(try await service.screening(for: context.access) == nil ? "/screening" : "/plan")
    }

    func screening(
        _ context: SignedInContext, errors: [String: String], status: HTTPResponse.Status = .ok
    )
        async throws -> HTML
    {
        let current = try await service.screening(for: context.access)
        return page(
            ScreeningViewModel(
                chrome: PageChrome(context, title: "Health screening", errors: errors),
                advice: current?.clearance.advice ?? "",
                questions: ScreeningTopic.allCases.map { topic in
                    .init(
                        name: topic.rawValue, question: topic.question, yes: current?.answers[topic] == true,
                        no: current?.answers[topic] == false, error: errors[topic.rawValue] ?? "")
                }, errors: FieldErrors(errors)), status: status)
    }

    func saveScreening(_ request: Request, _ context: SignedInContext) async throws -> Response {
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
        _ = try await service.saveScreening(answers, for: context.access, now: clock.now())
        return redirect("/plan")
    }
}
