import BackstepCore
import BackstepStorage
import Foundation
import HummingbirdBcrypt

/// The store the web app needs: everything Backstep stores, plus accounts.
public typealias WebStore = BackstepStore & AccountRepository & CareRepository & OutcomeRepository
    & PrescriptionRepository & GoalRepository & MessageRepository & ReviewTimeRepository

/// What the pages and the JSON API do, in one place: both call these methods, so they cannot drift apart.
/// Every method that reads or changes a person's data takes an `Access` (who acts, on whose data) and calls
/// `authorize` first, so `AccessPolicy` decides; a refusal (`AccessDenied`) is reported as not found, like a
/// record of someone else. Sign-up and sign-in (`signUp`, `authenticate`) act for nobody yet.
public struct TrainingService: Sendable {
    let store: any WebStore
    let settings: ServerSettings

    // MARK: Accounts

    /// Accepted password lengths.
    static let passwordLength = 10...200

    /// Creates a user with an account, after checking every field.
    /// - Throws: `FormErrors` of `FieldProblem`s naming the bad fields; `AccountError.emailTaken`.
    func signUp(
        name: String?, email: String?, password: String?, as kind: AccountKind = .athlete, now: Date
    ) async throws -> User {
        var form = Form([:])
        let name = Self.check(name, field: "name", label: "Name", max: 200, form: &form)
        let email = Self.checkEmail(email, form: &form)
        let password = password ?? ""
        if let problem = Self.passwordProblem(password) { form.errors["password"] = problem }
        if let (field, message) = form.errors.sorted(by: { $0.key < $1.key }).first {
            throw FormErrors(errors: form.errors, first: FieldProblem(field: field, message: message))
        }
        guard let name, let email else {
            let problem = FieldProblem(field: "email", message: "E-mail is required.")
            throw FormErrors(errors: [problem.field: problem.message], first: problem)
        }
        let hash = await Self.hash(password, cost: settings.bcryptCost)
        do {
            switch kind {
            case .athlete:
                let user = User(name: name, role: .athlete, createdAt: now)
                try await store.createAccount(user: user, email: email, passwordHash: hash)
                return user
            case .professional(let profession, let number):
                let user = User(name: name, role: .professional, createdAt: now)
                try await store.createProfessionalAccount(
                    user: user, email: email, passwordHash: hash,
                    details: ProfessionalDetails(userId: user.id, profession: profession, registrationNumber: number))
                return user
            }
        } catch StorageError.conflict {
            throw AccountError.emailTaken
        }
    }

    /// bcrypt off the cooperative pool's hot path (it is deliberately slow).
    static func hash(_ password: String, cost: UInt8) async -> String {
        await Task.detached(priority: .userInitiated) { Bcrypt.hash(password, cost: cost) }.value
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached(priority: .userInitiated) { Bcrypt.verify(password, hash: hash) }.value
    }

    static func check(_ value: String?, field: String, label: String, max: Int, form: inout Form) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            form.errors[field] = "\(label) is required."
            return nil
        }
        if trimmed.count > max {
            form.errors[field] = "\(label) must be at most \(max) characters."
            return nil
        }
        return trimmed
    }

    static func checkEmail(_ value: String?, form: inout Form) -> String? {
        let email = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count >= 3, email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !email.contains(where: { $0.isWhitespace })
        else {
            form.errors["email"] = "Enter an e-mail address like name@example.com."
            return nil
        }
        return email
    }

    /// Checks a password; returns the user, or nil for an unknown address or a wrong password.
    func authenticate(email: String, password: String) async throws -> User? {
        guard let account = try await store.account(email: email.lowercased()) else {
            // Spend the same time as a real check so timing does not reveal which addresses exist.
            _ = await Self.verify(password, hash: Self.dummyHash)
            return nil
        }
        guard await Self.verify(password, hash: account.passwordHash) else { return nil }
        return try await store.user(id: account.userId)
    }

    static let dummyHash = "$2b$04$abcdefghijklmnopqrstuuMWDRHi6U5R0NRlTXbxNEVc3B1CYKc1u"

    /// Starts a browser session; returns the cookie token and the stored record.
    func startWebSession(for access: Access, now: Date) async throws -> (token: String, record: WebSessionRecord) {
        try await authorize(.manageAccount, access)
        let token = Tokens.random()
        let record = WebSessionRecord(
            tokenHash: Tokens.hash(token), userId: access.subject, csrfToken: Tokens.random(), createdAt: now,
            expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        try await store.createWebSession(record)
        return (token, record)
    }

    // MARK: Profile and screening

    /// The subject's current profile.
    func profile(for access: Access) async throws -> Profile? {
        try await authorize(.read, access)
        return try await store.currentProfile(for: access.subject)?.profile
    }

    /// Saves a profile (validated by the domain; errors name the domain field).
    /// - Throws: `InputError` for a profile the domain refuses.
    func saveProfile(_ profile: Profile, for access: Access, now: Date) async throws {
        try await authorize(.record, access)
        try profile.validate()
        try await store.saveProfile(profile, for: access.subject, at: now)
    }

    /// The subject's latest screening.
    func screening(for access: Access) async throws -> Screening? {
        try await authorize(.read, access)
        return try await store.latestScreening(for: access.subject)?.screening
    }

    /// Stores the subject's screening answers.
    /// - Throws: `TrainingError.screeningUnanswered` when a topic has no answer.
    func saveScreening(_ answers: [ScreeningTopic: Bool], for access: Access, now: Date) async throws -> Screening {
        try await authorize(.record, access)
        let screening = Screening(date: now, answers: answers)
        if let missing = screening.unanswered.first {
            throw TrainingError.screeningUnanswered(missing)
        }
        try await store.saveScreening(ScreeningRecord(userId: access.subject, screening: screening))
        return screening
    }

    // MARK: Plans

    /// Generates and stores a plan from the profile and the latest screening.
    /// - Throws: `TrainingError.noProfile`; `InputError` for a request the domain refuses.
    func generatePlan(
        for access: Access, daysPerWeek: Int, minutes: Int, weeks: Int, now: Date
    ) async throws
        -> StoredPlan
    {
        try await authorize(.prescribe, access)
        guard let profile = try await profile(for: access) else { throw TrainingError.noProfile }
        let start = TrainingStatistics.startOfDay(now)
        let request = PlanRequest(
            profile: profile, daysPerWeek: daysPerWeek, minutesPerSession: minutes, weeks: weeks,
            screening: try await screening(for: access), startDate: start, now: now)
        try request.validate()
        let plan = try PlanGenerator.plan(for: request)
        let stored = StoredPlan(userId: access.subject, createdAt: now, startDate: start, plan: plan)
        try await store.savePlan(stored)
        return stored
    }

    /// The subject's current plan.
    func plan(for access: Access) async throws -> StoredPlan? {
        try await authorize(.read, access)
        return try await store.currentPlan(for: access.subject)
    }

    /// A planned session by its week and day.
    func plannedSession(_ plan: StoredPlan, week: Int, day: Int) -> (PlanWeek, PlannedSession)? {
        guard let planWeek = plan.plan.weeks.first(where: { $0.number == week }),
            let session = planWeek.sessions.first(where: { $0.day == day })
        else { return nil }
        return (planWeek, session)
    }

    /// The next planned session on or after today that has not been done yet (by count of sessions since the
    /// plan started), or the first upcoming one.
    func nextPlanned(_ plan: StoredPlan, now: Date) -> (PlanWeek, PlannedSession)? {
        let today = TrainingStatistics.startOfDay(now)
        for week in plan.plan.weeks {
            for session in week.sessions {
                guard let date = session.date else { return (week, session) }
                if date >= today { return (week, session) }
            }
        }
        return nil
    }

    /// The prescription a planned session is done at.
    static func prescription(for week: PlanWeek, session: PlannedSession) -> Prescription {
        let duration = max(Prescription.durationRange.lowerBound, session.workout.backwardSeconds)
        let grade =
            session.workout.performedSteps.compactMap { step -> Grade? in
                if case .locomotion(let motion) = step.step.activity { return motion.grade }
                return nil
            }.max() ?? .level
        return Prescription(
            speed: week.speed, grade: grade, duration: min(duration, Prescription.durationRange.upperBound),
            handrail: week.handrail, stage: week.stage)
    }

    // MARK: Progression

    /// The progression decision made from the most recent session with feedback, if there is one.
    func latestDecision(for access: Access) async throws -> (decision: ProgressionDecision, sessionId: SessionID)? {
        try await authorize(.read, access)
        return try await Self.progressionDecision(of: access.subject, in: store)
    }

    /// The profile with a prescription's speed limit, when it is lower than the client's own: what plans, the
    /// progression engine and live sessions keep to (the safety policy's caps still apply below it).
    static func limited(_ profile: Profile, by prescription: CarePrescription?) -> Profile {
        guard let cap = prescription?.parameters.speedCap else { return profile }
        var limited = profile
        limited.speedCap = min(profile.speedCap ?? cap, cap)
        return limited
    }

    /// The progression decision after a user's latest session with feedback, read without an access check: for
    /// `latestDecision(for:)` and for callers that checked (and logged) the access already.
    static func progressionDecision(
        of subject: UserID, in store: any WebStore
    ) async throws -> (
        decision: ProgressionDecision, sessionId: SessionID
    )? {
        // A professional's prescription limits the engine: its speed limit and its hold.
        let prescription = try await store.prescriptions(of: subject).first
        guard let stored = try await store.currentProfile(for: subject)?.profile else { return nil }
        let profile = Self.limited(stored, by: prescription)
        let sessions = try await store.sessions(for: subject, limit: 50)
        guard let latest = sessions.first(where: { $0.feedback != nil && $0.prescription != nil }),
            let feedback = latest.feedback, let current = latest.prescription
        else { return nil }
        let history = try await store.progressionRecords(for: subject).filter {
            $0.feedback.date < feedback.date
        }
        let clearance = try await store.latestScreening(for: subject)?.screening.clearance ?? .notScreened
        let engine = ProgressionEngine(
            profile: profile, clearance: clearance, strokeBaseline: profile.overgroundWalkingSpeed)
        let decision = engine.decide(current: current, latest: feedback, history: history)
        guard let prescription, prescription.parameters.holdProgression else { return (decision, latest.id) }
        return (decision.held(by: prescription.prescriberName, because: prescription.reason), latest.id)
    }

    /// The workout and prescription for a planned session, adjusted by the latest progression decision.
    func workout(for week: PlanWeek, session: PlannedSession, decision: ProgressionDecision?) -> (Workout, Prescription)
    {
        let planned = Self.prescription(for: week, session: session)
        guard let decision, decision.action != .stopAndSeeProfessional,
            let program = try? Catalog.program(id: session.programId)
        else { return (session.workout, planned) }
        let next = decision.next
        var values: [ProgramParameter: Int] = [:]
        if program.parameters.contains(where: { $0.parameter == .minutes }) {
            values[.minutes] = max(1, Int((next.duration / 60).rounded()))
        }
        let dose = Dose(speed: next.speed, grade: next.grade, handrail: next.handrail, speedCap: week.speedCap)
        if let workout = try? program.workout(values, dose: dose) { return (workout, next) }
        if let workout = try? program.workout([:], dose: dose) { return (workout, next) }
        return (session.workout, planned)
    }

    // MARK: Sessions, feedback, history

    /// A session of the subject.
    /// - Throws: `AccessDenied` when the actor may not read the subject's data; `TrainingError.noSuchSession` for an
    ///   unknown id and anyone else's.
    func session(_ id: SessionID, of access: Access) async throws -> (PerformedSession, SessionOverview) {
        try await authorize(.read, access, resource: "session \(id)")
        let overviews = try await store.sessions(for: access.subject, limit: nil)
        guard let overview = overviews.first(where: { $0.id == id }),
            let session = try await store.session(id: id)
        else { throw TrainingError.noSuchSession(id) }
        return (session, overview)
    }

    /// The subject's sessions, newest first.
    func history(for access: Access, limit: Int?) async throws -> [SessionOverview] {
        try await authorize(.read, access)
        return try await store.sessions(for: access.subject, limit: limit)
    }

    /// When the subject's first session started (nil before any): one value, not the whole history.
    func firstSessionStart(for access: Access) async throws -> Date? {
        try await authorize(.read, access)
        return try await store.firstSessionStart(for: access.subject)
    }

    /// Stores the feedback for a finished session of the subject.
    func saveFeedback(_ feedback: SessionFeedback, for sessionId: SessionID, of access: Access) async throws {
        try await authorize(.record, access)
        _ = try await session(sessionId, of: access)
        try feedback.validate()
        try await store.attachFeedback(feedback, to: sessionId)
    }

    /// The most recent session whose next-morning pain is still to be asked: feedback given on an earlier
    /// calendar day, within the last three days, without a morning rating.
    func pendingMorningPain(for access: Access, now: Date) async throws -> SessionOverview? {
        try await authorize(.read, access)
        let today = TrainingStatistics.startOfDay(now)
        let sessions = try await store.sessions(for: access.subject, limit: 10)
        return sessions.first { overview in
            guard let feedback = overview.feedback, feedback.painNextMorning == nil else { return false }
            return overview.startedAt < today && now.timeIntervalSince(overview.startedAt) < 3 * 86_400
        }
    }

    /// Records next-morning pain for a session of the subject.
    func saveMorningPain(_ pain: Int, for sessionId: SessionID, of access: Access) async throws {
        try await authorize(.record, access)
        let (session, _) = try await session(sessionId, of: access)
        guard var feedback = session.feedback else {
            throw TrainingError.feedbackMissing(session: sessionId)
        }
        guard SessionFeedback.painRange.contains(pain) else { throw TrainingError.painOutOfRange(pain) }
        feedback.painNextMorning = pain
        try await store.attachFeedback(feedback, to: sessionId)
    }

    // MARK: Statistics and assessments

    /// The subject's training statistics.
    func statistics(for access: Access, now: Date) async throws -> TrainingStatistics {
        try await authorize(.read, access)
        return try await store.statistics(for: access.subject, now: now)
    }

    /// The subject's assessments, oldest first.
    func assessments(for access: Access) async throws -> [AssessmentRecord] {
        try await authorize(.read, access)
        return try await store.assessments(for: access.subject)
    }

    /// Stores a 3-metre backward walk test and returns its interpretation.
    func saveWalkTest(
        seconds: Double, population: BackwardWalkTestPopulation, notes: String, for access: Access, now: Date
    )
        async throws -> (AssessmentRecord, ThreeMetreBackwardWalkResult)
    {
        try await authorize(.prescribe, access)
        let result = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population)
        let record = AssessmentRecord(
            userId: access.subject, takenAt: now, kind: .threeMetreBackwardWalk, seconds: seconds,
            population: population,
            notes: notes)
        try await store.saveAssessment(record)
        return (record, result)
    }
}
