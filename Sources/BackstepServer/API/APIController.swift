import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON API under `/api/v1`: the same services as the pages, documented by `OpenAPIDocument`.
/// Authentication: `Authorization: Bearer <token>` (from `POST /auth/token` or the settings page), or the browser
/// session cookie plus `X-CSRF-Token` for state changes.
struct APIController: Sendable {
    let state: AppState
    var service: TrainingService { state.service }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        group.post("auth/signup") { request, context in
            let body = try await decode(SignUpBody.self, request, context)
            let user: User
            do {
                user = try await service.signUp(
                    name: body.name, email: body.email, password: body.password, now: state.clock.now())
            } catch let error as FormErrors {
                throw error.first
            }
            let (token, record) = try await service.issueAPIToken(for: user, name: "sign-up", now: state.clock.now())
            return JSONBody(TokenResponse(token: token, tokenId: record.id, user: UserDTO(user)), status: .created)
        }
        group.post("auth/token") { request, context in
            let body = try await decode(TokenBody.self, request, context)
            let email = body.email.lowercased()
            let now = state.clock.now()
            if let wait = await state.limiter.retryAfter(email, now: now) {
                throw AppError(
                    .tooManyRequests, "Too many failed sign-ins; try again later.", field: "email",
                    headers: [.retryAfter: String(Int(wait.rounded(.up)))])
            }
            guard let user = try await service.authenticate(email: email, password: body.password) else {
                await state.limiter.recordFailure(email, now: now)
                throw AppError(.unauthorized, "The e-mail address or password is not right.", field: "password")
            }
            await state.limiter.reset(email)
            let (token, record) = try await service.issueAPIToken(for: user, name: body.name ?? "api", now: now)
            return JSONBody(TokenResponse(token: token, tokenId: record.id, user: UserDTO(user)), status: .created)
        }
        group.get("me") { _, context in JSONBody(UserDTO(try context.requireUser())) }
        group.post("account/password") { request, context in
            let user = try context.requireUser()
            let body = try await decode(PasswordBody.self, request, context)
            var keep: String?
            if case .session(let hash) = context.identity?.method { keep = hash }
            do {
                let revoked = try await service.changePassword(
                    for: user, current: body.currentPassword, new: body.newPassword, confirmation: nil,
                    keepingWebSession: keep, limiter: state.limiter, now: state.clock.now())
                return JSONBody(
                    PasswordChangedDTO(revokedSessions: revoked.webSessions, revokedTokens: revoked.apiTokens))
            } catch let error as FormErrors {
                throw error.first
            }
        }
        group.get("tokens") { _, context in
            JSONBody(try await service.apiTokens(for: try context.requireUser()).map(APITokenDTO.init))
        }
        group.post("tokens") { request, context in
            let user = try context.requireUser()
            let body = try await decode(TokenNameBody.self, request, context)
            let (token, record) = try await service.issueAPIToken(for: user, name: body.name, now: state.clock.now())
            return JSONBody(NewTokenDTO(record, token: token), status: .created)
        }
        group.delete("tokens/:id") { _, context in
            let user = try context.requireUser()
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            try await service.revokeAPIToken(id, of: user)
            return HTTPResponse.Status.noContent
        }
        group.get("profile") { _, context in
            guard let profile = try await service.profile(for: try context.requireUser()) else {
                throw AppError.notFound
            }
            return JSONBody(profile)
        }
        group.put("profile") { request, context in
            let user = try context.requireUser()
            let profile = try await decode(Profile.self, request, context)
            try await service.saveProfile(profile, for: user, now: state.clock.now())
            return JSONBody(profile)
        }
        group.get("screening") { _, context in
            guard let screening = try await service.screening(for: try context.requireUser()) else {
                throw AppError.notFound
            }
            return JSONBody(ScreeningDTO(screening))
        }
        group.post("screening") { request, context in
            let user = try context.requireUser()
            let body = try await decode(ScreeningBody.self, request, context)
            var answers: [ScreeningTopic: Bool] = [:]
            for (key, value) in body.answers {
                guard let topic = ScreeningTopic(rawValue: key) else {
                    throw AppError.invalid("answers.\(key.prefix(40))", "Unknown screening topic.")
                }
                answers[topic] = value
            }
            return JSONBody(
                ScreeningDTO(try await service.saveScreening(answers, for: user, now: state.clock.now())), status: .created)
        }
        group.get("programs") { _, _ in JSONBody(Catalog.programs.map(ProgramDTO.init)) }
        group.get("programs/:id") { _, context in
            guard let program = try? Catalog.program(id: try context.parameters.require("id")) else {
                throw AppError.notFound
            }
            return JSONBody(ProgramDTO(program))
        }
        group.get("plan") { _, context in
            guard let plan = try await service.plan(for: try context.requireUser()) else { throw AppError.notFound }
            return JSONBody(plan)
        }
        group.post("plan") { request, context in
            let user = try context.requireUser()
            let body = try await decode(PlanBody.self, request, context)
            let plan = try await service.generatePlan(
                for: user, daysPerWeek: body.daysPerWeek ?? 3, minutes: body.minutesPerSession ?? 20,
                weeks: body.weeks ?? 8, now: state.clock.now())
            return JSONBody(plan, status: .created)
        }
        group.get("next") { _, context in
            let user = try context.requireUser()
            let decision = try await service.latestDecision(for: user)
            var next: NextDTO.Planned?
            if let plan = try await service.plan(for: user),
                let (week, session) = service.nextPlanned(plan, now: state.clock.now())
            {
                let (workout, prescription) = service.workout(for: week, session: session, decision: decision?.decision)
                next = .init(
                    week: week.number, day: session.day, date: session.date, programId: session.programId,
                    workout: workout, prescription: prescription)
            }
            return JSONBody(NextDTO(session: next, decision: decision?.decision))
        }
        group.post("sessions/live") { request, context in
            let user = try context.requireUser()
            let body = try await decode(LiveBody.self, request, context)
            var bluetooth: BluetoothConnection?
            if let hex = body.bluetooth {
                guard let feature = [UInt8](hex: hex.feature) else {
                    throw AppError.invalid("bluetooth.feature", "Expected hex bytes.")
                }
                bluetooth = BluetoothConnection(
                    feature: feature, speedRange: hex.speedRange.flatMap { [UInt8](hex: $0) },
                    inclinationRange: hex.inclinationRange.flatMap { [UInt8](hex: $0) })
            }
            let start = try await LiveStarter(state: state).prepare(
                user: user, week: body.week, day: body.day, programId: body.program, mode: body.mode ?? .manual,
                bluetooth: bluetooth, resume: body.resume)
            let session = try await state.live.start(start, for: user.id)
            return JSONBody(
                LiveDTO(
                    sessionId: session.id, mode: session.mode,
                    websocket: "/sessions/live/ws?session=\(session.id.uuidString)"),
                status: .created)
        }
        group.get("sessions") { request, context in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 1000) }
            return JSONBody(try await service.history(for: try context.requireUser(), limit: limit ?? 100))
        }
        group.get("sessions/:id") { _, context in
            let (session, _) = try await service.session(try sessionId(context), of: try context.requireUser())
            return JSONBody(session)
        }
        group.post("sessions/:id/feedback") { request, context in
            let user = try context.requireUser()
            let id = try sessionId(context)
            let (session, _) = try await service.session(id, of: user)
            let body = try await decode(FeedbackBody.self, request, context)
            guard let handrail = HandrailLevel(rawValue: body.handrailUsed ?? HandrailLevel.twoHands.rawValue) else {
                throw AppError.invalid("handrailUsed", "Expected one of \(HandrailLevel.allCases.map(\.rawValue)).")
            }
            if let notes = body.notes, notes.count > 2000 {
                throw AppError.invalid("notes", "At most 2000 characters.")
            }
            let feedback = SessionFeedback(
                date: session.startedAt, completed: session.status == .completed, exertion: body.rpe.map { .borg($0) },
                painDuring: body.painDuring, painAfter: body.painAfter, handrailUsed: handrail,
                nearFall: body.nearFall ?? false, notes: body.notes ?? "")
            try await service.saveFeedback(feedback, for: id, of: user)
            return JSONBody(feedback, status: .created)
        }
        group.post("sessions/:id/morning-pain") { request, context in
            let user = try context.requireUser()
            let body = try await decode(MorningPainBody.self, request, context)
            try await service.saveMorningPain(body.painNextMorning, for: try sessionId(context), of: user)
            return HTTPResponse.Status.noContent
        }
        group.get("dashboard") { _, context in
            JSONBody(try await service.statistics(for: try context.requireUser(), now: state.clock.now()))
        }
        group.get("assessments") { _, context in
            JSONBody(try await service.assessments(for: try context.requireUser()))
        }
        group.post("assessments") { request, context in
            let user = try context.requireUser()
            let body = try await decode(AssessmentBody.self, request, context)
            guard let population = BackwardWalkTestPopulation(rawValue: body.population ?? "community-older-adults")
            else { throw AppError.invalid("population", "Unknown population.") }
            if let notes = body.notes, notes.count > 2000 {
                throw AppError.invalid("notes", "At most 2000 characters.")
            }
            let (record, result) = try await service.saveWalkTest(
                seconds: body.seconds, population: population, notes: body.notes ?? "", for: user, now: state.clock.now())
            return JSONBody(
                AssessmentDTO(record: record, band: result.band.rawValue, interpretation: result.summary),
                status: .created)
        }
    }

    func sessionId(_ context: AppRequestContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return id
    }

    /// Decodes a JSON body; a decoding error names the field it is about.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: state.settings.maxBodyBytes)
        } catch {
            throw AppError(.contentTooLarge, "The body is larger than \(state.settings.maxBodyBytes / 1024) KiB.")
        }
        guard buffer.readableBytes > 0 else {
            throw AppError(.badRequest, "The body is empty: send a JSON object (Content-Type: application/json).")
        }
        do {
            return try JSONDecoder.api.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch let error as InputError {
            throw AppError(error)
        } catch {
            throw AppError(.badRequest, "The body is not valid JSON.")
        }
    }

    static func describe(_ error: DecodingError) -> AppError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath + [key]), "This field is required.")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid(path(context.codingPath), "This field has the wrong type.")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { ": \(String(describing: $0))" } ?? ""
                return AppError(.badRequest, "The body is not valid JSON\(detail).")
            }
            return .invalid(path(context.codingPath), context.debugDescription)
        @unknown default:
            return AppError(.badRequest, "The body is not valid JSON.")
        }
    }
}

struct SignUpBody: Decodable { var name: String; var email: String; var password: String }
struct TokenBody: Decodable { var email: String; var password: String; var name: String? }
struct ScreeningBody: Decodable { var answers: [String: Bool] }
struct PlanBody: Decodable { var daysPerWeek: Int?; var minutesPerSession: Int?; var weeks: Int? }
struct LiveBody: Decodable {
    struct Bluetooth: Decodable { var feature: String; var speedRange: String?; var inclinationRange: String? }
    var mode: LiveMode?
    var week: Int?
    var day: Int?
    var program: String?
    var bluetooth: Bluetooth?
    /// An interrupted session to continue where it stopped.
    var resume: UUID?
}
struct FeedbackBody: Decodable {
    var rpe: Double?
    var painDuring: Int
    var painAfter: Int
    var handrailUsed: String?
    var nearFall: Bool?
    var notes: String?
}
struct MorningPainBody: Decodable { var painNextMorning: Int }
struct AssessmentBody: Decodable { var seconds: Double; var population: String?; var notes: String? }

struct UserDTO: Encodable, Sendable {
    var id: UUID
    var name: String
    var role: String
    init(_ user: User) {
        id = user.id
        name = user.name
        role = user.role.rawValue
    }
}
struct TokenResponse: Encodable, Sendable { var token: String; var tokenId: UUID; var user: UserDTO }
struct PasswordBody: Decodable { var currentPassword: String; var newPassword: String }
struct PasswordChangedDTO: Encodable, Sendable { var revokedSessions: Int; var revokedTokens: Int }
struct TokenNameBody: Decodable { var name: String }
/// An API token as listed: never the token itself.
struct APITokenDTO: Encodable, Sendable {
    var id: UUID
    var name: String
    var createdAt: Date
    var lastUsedAt: Date?
    init(_ record: APITokenRecord) {
        id = record.id
        name = record.name
        createdAt = record.createdAt
        lastUsedAt = record.lastUsedAt
    }
}
/// A new API token: the only time the token itself is shown.
struct NewTokenDTO: Encodable, Sendable {
    var id: UUID
    var name: String
    var createdAt: Date
    var token: String
    init(_ record: APITokenRecord, token: String) {
        id = record.id
        name = record.name
        createdAt = record.createdAt
        self.token = token
    }
}
struct ScreeningDTO: Encodable, Sendable {
    var date: Date
    var answers: [String: Bool]
    var clearance: String
    var advice: String
    init(_ screening: Screening) {
        date = screening.date
        answers = Dictionary(uniqueKeysWithValues: screening.answers.map { ($0.key.rawValue, $0.value) })
        clearance = screening.clearance.rawValue
        advice = screening.clearance.advice
    }
}
struct ProgramDTO: Encodable, Sendable {
    var id: String
    var name: String
    var summary: String
    var audience: String
    var trains: [String]
    var safetyNotes: [String]
    var evidence: [Citation]
    init(_ program: Program) {
        id = program.id
        name = program.name
        summary = program.summary
        audience = program.audience
        trains = program.trains
        safetyNotes = program.safetyNotes
        evidence = program.evidence
    }
}
struct NextDTO: Encodable, Sendable {
    struct Planned: Encodable, Sendable {
        var week: Int
        var day: Int
        var date: Date?
        var programId: String
        var workout: Workout
        var prescription: Prescription
    }
    var session: Planned?
    var decision: ProgressionDecision?
}
struct LiveDTO: Encodable, Sendable { var sessionId: UUID; var mode: LiveMode; var websocket: String }
struct AssessmentDTO: Encodable, Sendable { var record: AssessmentRecord; var band: String; var interpretation: String }
