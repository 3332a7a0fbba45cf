import BackstepCore
import BackstepStorage
import Foundation
import HummingbirdBcrypt

/// The store the web app needs: everything Backstep stores, plus accounts.
public typealias WebStore = BackstepStore & AccountRepository

/// What the pages and the JSON API do, in one place: both call these methods, so they cannot drift apart.
/// Every method takes the signed-in user's id and reads or writes only that user's records; a record of
/// someone else is reported as not found.
public struct TrainingService: Sendable {
    let store: any WebStore
    let settings: ServerSettings

    // MARK: Accounts

    /// Accepted password lengths.
    static let passwordLength = 10...200

    /// Creates a user with an account, after checking every field.
    /// - Throws: `FormErrors` of `FieldProblem`s naming the bad fields; `AccountError.emailTaken`.
    func signUp(name: String?, email: String?, password: String?, now: Date) async throws -> User {
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
        let user = User(name: name, role: .athlete, createdAt: now)
        do {
            try await store.createAccount(user: user, email: email, passwordHash: hash)
        } catch StorageError.conflict {
            throw AccountError.emailTaken
        }
        return user
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
    func startWebSession(for user: User, now: Date) async throws -> (token: String, record: WebSessionRecord) {
        let token = Tokens.random()
        let record = WebSessionRecord(
            tokenHash: Tokens.hash(token), userId: user.id, csrfToken: Tokens.random(), createdAt: now,
            expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        try await store.createWebSession(record)
        return (token, record)
    }

    // MARK: Profile and screening

    func profile(for user: User) async throws -> Profile? {
        try await store.currentProfile(for: user.id)?.profile
    }

    /// Saves a profile (validated by the domain; errors name the domain field).
    /// - Throws: `InputError` for a profile the domain refuses.
    func saveProfile(_ profile: Profile, for user: User, now: Date) async throws {
        try profile.validate()
        try await store.saveProfile(profile, for: user.id, at: now)
    }

    func screening(for user: User) async throws -> Screening? {
        try await store.latestScreening(for: user.id)?.screening
    }

    func saveScreening(_ answers: [ScreeningTopic: Bool], for user: User, now: Date) async throws -> Screening {
        let screening = Screening(date: now, answers: answers)
        if let missing = screening.unanswered.first {
            throw TrainingError.screeningUnanswered(missing)
        }
        try await store.saveScreening(ScreeningRecord(userId: user.id, screening: screening))
        return screening
    }

    // MARK: Plans

    /// Generates and stores a plan from the profile and the latest screening.
    /// - Throws: `TrainingError.noProfile`; `InputError` for a request the domain refuses.
    func generatePlan(
        for user: User, daysPerWeek: Int, minutes: Int, weeks: Int, now: Date
    ) async throws
        -> StoredPlan
    {
        guard let profile = try await profile(for: user) else { throw TrainingError.noProfile }
        let start = TrainingStatistics.startOfDay(now)
        let request = PlanRequest(
            profile: profile, daysPerWeek: daysPerWeek, minutesPerSession: minutes, weeks: weeks,
            screening: try await screening(for: user), startDate: start, now: now)
        try request.validate()
        let plan = try PlanGenerator.plan(for: request)
        let stored = StoredPlan(userId: user.id, createdAt: now, startDate: start, plan: plan)
        try await store.savePlan(stored)
        return stored
    }

    func plan(for user: User) async throws -> StoredPlan? { try await store.currentPlan(for: user.id) }

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
    func latestDecision(for user: User) async throws -> (decision: ProgressionDecision, sessionId: UUID)? {
        guard let profile = try await profile(for: user) else { return nil }
        let sessions = try await store.sessions(for: user.id, limit: 50)
        guard let latest = sessions.first(where: { $0.feedback != nil && $0.prescription != nil }),
            let feedback = latest.feedback, let prescription = latest.prescription
        else { return nil }
        let history = try await store.progressionRecords(for: user.id).filter { $0.feedback.date < feedback.date }
        let clearance = try await screening(for: user)?.clearance ?? .notScreened
        let engine = ProgressionEngine(
            profile: profile, clearance: clearance, strokeBaseline: profile.overgroundWalkingSpeed)
        return (engine.decide(current: prescription, latest: feedback, history: history), latest.id)
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

    /// A session of this user.
    /// - Throws: `TrainingError.noSuchSession` for an unknown id and anyone else's.
    func session(_ id: UUID, of user: User) async throws -> (PerformedSession, SessionOverview) {
        let overviews = try await store.sessions(for: user.id, limit: nil)
        guard let overview = overviews.first(where: { $0.id == id }),
            let session = try await store.session(id: id)
        else { throw TrainingError.noSuchSession(id) }
        // The policy has the last word on whose data this is (consent for professionals comes with the portal).
        try AccessPolicy.require(Actor(user), .read, subject: overview.userId)
        return (session, overview)
    }

    func history(for user: User, limit: Int?) async throws -> [SessionOverview] {
        try await store.sessions(for: user.id, limit: limit)
    }

    /// Stores the feedback for a finished session of this user.
    func saveFeedback(_ feedback: SessionFeedback, for sessionId: UUID, of user: User) async throws {
        _ = try await session(sessionId, of: user)
        try feedback.validate()
        try await store.attachFeedback(feedback, to: sessionId)
    }

    /// The most recent session whose next-morning pain is still to be asked: feedback given on an earlier
    /// calendar day, within the last three days, without a morning rating.
    func pendingMorningPain(for user: User, now: Date) async throws -> SessionOverview? {
        let today = TrainingStatistics.startOfDay(now)
        let sessions = try await store.sessions(for: user.id, limit: 10)
        return sessions.first { overview in
            guard let feedback = overview.feedback, feedback.painNextMorning == nil else { return false }
            return overview.startedAt < today && now.timeIntervalSince(overview.startedAt) < 3 * 86_400
        }
    }

    /// Records next-morning pain for a session of this user.
    func saveMorningPain(_ pain: Int, for sessionId: UUID, of user: User) async throws {
        let (session, _) = try await session(sessionId, of: user)
        guard var feedback = session.feedback else {
            throw TrainingError.feedbackMissing(session: sessionId)
        }
        guard SessionFeedback.painRange.contains(pain) else { throw TrainingError.painOutOfRange(pain) }
        feedback.painNextMorning = pain
        try await store.attachFeedback(feedback, to: sessionId)
    }

    // MARK: Statistics and assessments

    func statistics(for user: User, now: Date) async throws -> TrainingStatistics {
        try await store.statistics(for: user.id, now: now)
    }

    func assessments(for user: User) async throws -> [AssessmentRecord] {
        try await store.assessments(for: user.id)
    }

    /// Stores a 3-metre backward walk test and returns its interpretation.
    func saveWalkTest(
        seconds: Double, population: BackwardWalkTestPopulation, notes: String, for user: User, now: Date
    )
        async throws -> (AssessmentRecord, ThreeMetreBackwardWalkResult)
    {
        let result = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population)
        let record = AssessmentRecord(
            userId: user.id, takenAt: now, kind: .threeMetreBackwardWalk, seconds: seconds, population: population,
            notes: notes)
        try await store.saveAssessment(record)
        return (record, result)
    }
}
