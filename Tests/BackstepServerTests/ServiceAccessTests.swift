import BackstepCore
import BackstepInterop
import BackstepStorage
import BackstepStorageSQL
import Foundation
import Testing

@testable import BackstepServer

/// `ResumeTests` was written before services took an `Access`: a user acting on their own data.
extension TrainingService {
    func resumable(for user: User, now: Date) async throws -> ResumableSession? {
        try await resumable(for: .own(user), now: now)
    }
}

/// Every service method that reads or changes a person's data asks `AccessPolicy` first: the owner gets through,
/// anyone else (another athlete, an administrator, a coach whose link is not consent) gets `AccessDenied` and
/// changes nothing.
@Suite("Services check access")
struct ServiceAccessTests {
    /// One user's data, with something in every corner a service method touches.
    struct World: Sendable {
        let service: TrainingService
        let store: SQLStore
        let owner: User
        /// The others, by who they are.
        let intruders: [Intruder: User]
        /// A session given feedback two days ago (morning pain still to ask).
        let finished: SessionID
        /// The newest session, interrupted by the server and without feedback (can be continued).
        let interrupted: SessionID
        /// One of the owner's API tokens.
        let tokenId: APITokenID
        /// A program of the owner's plan.
        let program: String
        let now: Date
        let limiter = LoginRateLimiter(limit: 5, window: 60)

        /// The live starter over the same service.
        var starter: LiveStarter { LiveStarter(service: service, clock: ServerClock { now }, speedup: 1) }
    }

    /// Who tries to act on the owner's data.
    enum Intruder: String, CaseIterable, Sendable {
        /// Another athlete.
        case athlete
        /// An administrator: runs the installation, never reads health data.
        case admin
        /// A coach with a stored coach–client link, which records no consent (yet).
        case linkedCoach = "linked-coach"
    }

    static let password = "correct horse battery"

    /// Builds a world, runs `body` in it and closes the store.
    static func withWorld(_ body: (World) async throws -> Void) async throws {
        let store = try await SQLStore.open(.sqliteMemory)
        do {
            try await body(try await makeWorld(store))
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func makeWorld(_ store: SQLStore) async throws -> World {
        let now = Date()
        let earlier = now.addingTimeInterval(-3 * 86_400)
        let service = TrainingService(store: store, settings: .testing())
        let owner = try await service.signUp(
            name: "Owner", email: "owner@example.com", password: password, now: earlier)
        let own = Access.own(owner)
        try await service.saveProfile(
            Profile(age: 45, mass: Mass(kilograms: 75), goal: .fitness), for: own, now: earlier)
        let answers = Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) })
        _ = try await service.saveScreening(answers, for: own, now: earlier)
        let plan = try await service.generatePlan(for: own, daysPerWeek: 3, minutes: 10, weeks: 4, now: earlier)
        let finished = try await ResumeTests.plantInterrupted(store, for: owner.id, startedAgo: 2 * 86_400)
        try await store.attachFeedback(
            SessionFeedback(date: now.addingTimeInterval(-2 * 86_400 + 1_800), handrailUsed: .twoHands),
            to: finished.id)
        let interrupted = try await ResumeTests.plantInterrupted(store, for: owner.id)
        _ = try await service.saveWalkTest(
            seconds: 4, population: .communityOlderAdults, notes: "", for: own, now: earlier)
        let (_, token) = try await service.issueAPIToken(for: own, name: "phone", now: earlier)
        var intruders: [Intruder: User] = [:]
        for (intruder, role) in [(Intruder.athlete, UserRole.athlete), (.admin, .admin), (.linkedCoach, .professional)]
        {
            let user = User(name: intruder.rawValue, role: role, createdAt: earlier)
            try await store.createUser(user)
            intruders[intruder] = user
        }
        if let coach = intruders[.linkedCoach] {
            try await store.link(CoachClientLink(coachId: coach.id, clientId: owner.id, createdAt: earlier))
        }
        let program = try #require(TrainingService.planWorkouts(plan, now: now).first?.programId)
        return World(
            service: service, store: store, owner: owner, intruders: intruders, finished: finished.id,
            interrupted: interrupted.id, tokenId: token.id, program: program, now: now)
    }

    /// Everything of the owner's a service method could change.
    struct Snapshot: Equatable {
        var profile: Profile?
        var screening: Screening?
        var plan: StoredPlan?
        var sessions: [SessionOverview]
        var assessments: [AssessmentRecord]
        var tokens: [APITokenRecord]
        var passwordHash: String?

        init(_ world: World) async throws {
            let id = world.owner.id
            profile = try await world.store.currentProfile(for: id)?.profile
            screening = try await world.store.latestScreening(for: id)?.screening
            plan = try await world.store.currentPlan(for: id)
            sessions = try await world.store.sessions(for: id, limit: nil)
            assessments = try await world.store.assessments(for: id)
            tokens = try await world.store.apiTokens(for: id)
            passwordHash = try await world.store.account(userId: id)?.passwordHash
        }
    }

    /// One service method, called with some `Access` on the owner's data.
    struct Call: Sendable, CustomTestStringConvertible {
        /// The method's name with its argument labels, as the sources declare it.
        let selector: String
        /// The action its first check asks for.
        let action: AccessAction
        let run: @Sendable (World, Access) async throws -> Void

        init(_ selector: String, _ action: AccessAction, run: @escaping @Sendable (World, Access) async throws -> Void)
        {
            self.selector = selector
            self.action = action
            self.run = run
        }

        var testDescription: String { selector }
    }

    /// Every method that takes an `Access`, with the action it checks (`tableIsComplete` compares this with the
    /// sources).
    static let calls: [Call] = [
        Call("startWebSession(for:now:)", .manageAccount) { w, a in
            _ = try await w.service.startWebSession(for: a, now: w.now)
        },
        Call("profile(for:)", .read) { w, a in _ = try await w.service.profile(for: a) },
        Call("saveProfile(_:for:now:)", .record) { w, a in
            try await w.service.saveProfile(
                Profile(age: 70, mass: Mass(kilograms: 90), goal: .balance), for: a, now: w.now)
        },
        Call("screening(for:)", .read) { w, a in _ = try await w.service.screening(for: a) },
        Call("saveScreening(_:for:now:)", .record) { w, a in
            let answers = Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) })
            _ = try await w.service.saveScreening(answers, for: a, now: w.now)
        },
        Call("generatePlan(for:daysPerWeek:minutes:weeks:now:)", .prescribe) { w, a in
            _ = try await w.service.generatePlan(for: a, daysPerWeek: 2, minutes: 15, weeks: 6, now: w.now)
        },
        Call("plan(for:)", .read) { w, a in _ = try await w.service.plan(for: a) },
        Call("latestDecision(for:)", .read) { w, a in _ = try await w.service.latestDecision(for: a) },
        Call("session(_:of:)", .read) { w, a in _ = try await w.service.session(w.finished, of: a) },
        Call("history(for:limit:)", .read) { w, a in _ = try await w.service.history(for: a, limit: nil) },
        Call("firstSessionStart(for:)", .read) { w, a in _ = try await w.service.firstSessionStart(for: a) },
        Call("saveFeedback(_:for:of:)", .record) { w, a in
            try await w.service.saveFeedback(
                SessionFeedback(date: w.now, handrailUsed: .oneHand), for: w.interrupted, of: a)
        },
        Call("pendingMorningPain(for:now:)", .read) { w, a in
            _ = try await w.service.pendingMorningPain(for: a, now: w.now)
        },
        Call("saveMorningPain(_:for:of:)", .record) { w, a in
            try await w.service.saveMorningPain(3, for: w.finished, of: a)
        },
        Call("statistics(for:now:)", .read) { w, a in _ = try await w.service.statistics(for: a, now: w.now) },
        Call("assessments(for:)", .read) { w, a in _ = try await w.service.assessments(for: a) },
        Call("saveWalkTest(seconds:population:notes:for:now:)", .prescribe) { w, a in
            _ = try await w.service.saveWalkTest(
                seconds: 6, population: .olderCohort, notes: "again", for: a, now: w.now)
        },
        Call("sessionFile(_:of:format:)", .read) { w, a in
            _ = try await w.service.sessionFile(w.finished, of: a, format: .csv)
        },
        Call("planCalendar(for:now:)", .read) { w, a in _ = try await w.service.planCalendar(for: a, now: w.now) },
        Call("planWorkoutFile(program:format:for:now:)", .read) { w, a in
            _ = try await w.service.planWorkoutFile(program: w.program, format: .zwo, for: a, now: w.now)
        },
        Call("importFiles(_:direction:for:)", .record) { w, a in
            _ = try await w.service.importFiles([], direction: .backward, for: a)
        },
        Call("resumable(for:now:)", .read) { w, a in _ = try await w.service.resumable(for: a, now: w.now) },
        Call("resumable(_:of:now:)", .record) { w, a in
            _ = try await w.service.resumable(w.interrupted, of: a, now: w.now)
        },
        Call("units(for:)", .read) { w, a in _ = try await w.service.units(for: a) },
        Call("issueAPIToken(for:name:now:)", .manageAccount) { w, a in
            _ = try await w.service.issueAPIToken(for: a, name: "laptop", now: w.now)
        },
        Call("apiTokens(for:)", .manageAccount) { w, a in _ = try await w.service.apiTokens(for: a) },
        Call("revokeAPIToken(_:of:)", .manageAccount) { w, a in try await w.service.revokeAPIToken(w.tokenId, of: a) },
        Call("changePassword(for:current:new:confirmation:keepingWebSession:limiter:now:)", .manageAccount) { w, a in
            _ = try await w.service.changePassword(
                for: a, current: password, new: "another horse battery", confirmation: nil, keepingWebSession: nil,
                limiter: w.limiter, now: w.now)
        },
        Call("prepare(access:week:day:programId:mode:bluetooth:resume:)", .record) { w, a in
            _ = try await w.starter.prepare(
                access: a, week: nil, day: nil, programId: nil, mode: .manual, bluetooth: nil)
        },
        // The starter's steps check through the service calls they make: the first is a read.
        Call("choose(access:week:day:programId:decision:resume:)", .read) { w, a in
            _ = try await w.starter.choose(
                access: a, week: nil, day: nil, programId: nil, decision: nil, resume: nil)
        },
        Call("practiceWeeks(_:)", .read) { w, a in _ = try await w.starter.practiceWeeks(a) },
    ]

    @Test("The owner acting on their own data gets through", arguments: calls)
    func ownerGetsThrough(_ call: Call) async throws {
        try await Self.withWorld { world in
            try await call.run(world, .own(world.owner))
        }
    }

    @Test(
        "Anyone else acting on the owner's data is refused and changes nothing",
        arguments: calls, Intruder.allCases)
    func othersAreRefused(_ call: Call, _ intruder: Intruder) async throws {
        try await Self.withWorld { world in
            let user = try #require(world.intruders[intruder])
            let access = Access(actor: Actor(user), subject: world.owner.id)
            let before = try await Snapshot(world)
            let error = await #expect(throws: AccessDenied.self, "\(intruder.rawValue)") {
                try await call.run(world, access)
            }
            #expect(error?.action == call.action, "the action checked")
            #expect(error?.subject == world.owner.id)
            #expect(error?.actor == access.actor)
            #expect(try await Snapshot(world) == before, "nothing of the owner's changed")
        }
    }

    @Test("An administrator is refused for the reason of their role, a linked coach for want of consent")
    func reasons() async throws {
        try await Self.withWorld { world in
            for (intruder, reason) in [
                (Intruder.athlete, AccessDenial.roleCannotActForOthers), (.admin, .roleCannotActForOthers),
                (.linkedCoach, .noConsent),
            ] {
                let user = try #require(world.intruders[intruder])
                let access = Access(actor: Actor(user), subject: world.owner.id)
                let error = await #expect(throws: AccessDenied.self) {
                    _ = try await world.service.profile(for: access)
                }
                #expect(error?.reason == reason, "\(intruder.rawValue)")
            }
        }
    }

    // MARK: The sources

    /// The service layer: `Services/`, every `TrainingService+*.swift` extension, the live starter and the
    /// `TrainingService` extension of the page routes.
    static func serviceFiles() throws -> [URL] {
        let files = ServerSources.swiftFiles()
        return files.filter { file in
            let name = file.lastPathComponent
            return file.deletingLastPathComponent().lastPathComponent == "Services"
                || name.hasPrefix("TrainingService+") || name == "LiveStarter.swift" || name == "PageRoutes.swift"
        }
    }

    /// A declared function: its selector and its parameters' types.
    struct Declaration: Hashable {
        var selector: String
        var types: [String]
    }

    /// The functions the file declares, with the selector (`name(label:_:)`) and each parameter's type.
    static func declarations(in source: String) -> [Declaration] {
        var found: [Declaration] = []
        var rest = Substring(source)
        while let range = rest.range(of: "func ") {
            rest = rest[range.upperBound...]
            guard let open = rest.firstIndex(of: "(") else { break }
            let name = rest[..<open].trimmingCharacters(in: .whitespaces)
            var depth = 0
            var index = open
            var parameters: [String] = []
            var current = ""
            while index < rest.endIndex {
                let character = rest[index]
                if "([<".contains(character) { depth += 1 }
                let arrow = index > open && rest[rest.index(before: index)] == "-"
                if ")]>".contains(character) && !arrow { depth -= 1 }
                if depth == 0 {
                    parameters.append(current)
                    break
                }
                if character == "," && depth == 1 {
                    parameters.append(current)
                    current = ""
                } else if index != open {
                    current.append(character)
                }
                index = rest.index(after: index)
            }
            let parts = parameters.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                .compactMap { parameter -> (String, String)? in
                    guard let colon = parameter.firstIndex(of: ":") else { return nil }
                    let label = parameter[..<colon].split(separator: " ").first.map(String.init) ?? "_"
                    let type =
                        parameter[parameter.index(after: colon)...].split(separator: "=").first
                        .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                    return (label, type)
                }
            let selector = name + "(" + parts.map { $0.0 + ":" }.joined() + ")"
            found.append(Declaration(selector: selector, types: parts.map(\.1)))
        }
        return found
    }

    static func serviceDeclarations() throws -> [Declaration] {
        try serviceFiles().flatMap { declarations(in: try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test("The table lists every service method that takes an Access, once")
    func tableIsComplete() throws {
        let declared = try Self.serviceDeclarations().filter { $0.types.contains("Access") }.map(\.selector)
            .filter { !["authorize(_:_:resource:)", "careLink(_:)"].contains($0) }
        #expect(declared.count > 20, "the scan found the service methods")
        #expect(Self.calls.count == Set(Self.calls.map(\.selector)).count, "no method listed twice")
        #expect(Set(declared) == Set(Self.calls.map(\.selector)))
        #expect(declared.count == Set(declared).count, "no two declarations with one selector")
    }

    @Test("No service method takes a bare User: data access goes through an Access")
    func noBareUser() throws {
        let offenders = try Self.serviceDeclarations().filter { declaration in
            declaration.types.contains { $0 == "User" || $0 == "User?" }
                && declaration.selector != "own(_:)" && declaration.selector != "client(_:by:origin:)"
        }
        #expect(offenders.isEmpty, "\(offenders.map(\.selector))")
        #expect(try Self.serviceDeclarations().contains { $0.selector == "own(_:)" }, "the scan reads Access.swift")
    }
}
