import BackstepCore
import BackstepInterop
import BackstepStorage
import Foundation
import HTTPTypes
import Testing

@testable import BackstepServer

/// One rule of the edge: a domain error a service throws and what both route groups answer for it (the API's
/// `{"error": {status, message, field}}` body and the error page's status and message).
struct DomainErrorRule: Sendable, CustomTestStringConvertible {
    /// The error as a service throws it.
    var error: any Error
    /// The answer's HTTP status.
    var status: HTTPResponse.Status
    /// The answer's message.
    var message: String
    /// The API body's `field`.
    var field: String?
    /// The `Retry-After` header, if any.
    var retryAfter: String?

    init(
        _ error: any Error, _ status: HTTPResponse.Status, _ message: String, field: String? = nil,
        retryAfter: String? = nil
    ) {
        self.error = error
        self.status = status
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    var testDescription: String { "\(type(of: error)).\(error) → \(status.code)" }
}

/// The services throw domain errors that know nothing of HTTP; `DomainErrors+HTTP.swift` and `AppError.from` map
/// them at the edge. The table holds every case of every domain error (add a row with each new case) with the
/// status, message and field the API and the pages have always answered with.
@Suite("Domain errors at the edge")
struct DomainErrorMappingTests {
    static let session = SessionID(uuidString: "00000000-0000-0000-0000-0000000000AB") ?? SessionID()
    static let interop = InteropError(.unrepresentable, format: .zwo, "the workout has no steps")

    static let rules: [DomainErrorRule] = [
        // TrainingError
        .init(TrainingError.noProfile, .conflict, "Fill in your profile first.", field: "profile"),
        .init(
            TrainingError.screeningUnanswered(.chestPain), .unprocessableContent, "Answer yes or no.",
            field: "chest-pain"),
        .init(TrainingError.noSuchSession(session), .notFound, "Not found."),
        .init(
            TrainingError.feedbackMissing(session: session), .conflict, "Give the session's feedback first.",
            field: "painNextMorning"),
        .init(
            TrainingError.painOutOfRange(11), .unprocessableContent, "Pain must be between 0 and 10.",
            field: "painNextMorning"),
        // FieldProblem and AccountError
        .init(
            FieldProblem(field: "email", message: "E-mail is required."), .unprocessableContent,
            "E-mail is required.", field: "email"),
        .init(
            AccountError.emailTaken, .conflict, "An account with this e-mail address already exists.",
            field: "email"),
        // CareError
        .init(CareError.notAProfessional, .forbidden, "This is for coaches and clinicians."),
        .init(CareError.noPractice, .conflict, "Create your practice first."),
        .init(CareError.alreadyInPractice, .conflict, "You already belong to a practice."),
        .init(CareError.notPracticeOwner, .forbidden, "Only the practice's owner can do this."),
        .init(
            CareError.noSuchProfessional, .unprocessableContent,
            "No coach or clinician has an account with this e-mail address.", field: "email"),
        .init(CareError.alreadyMember, .conflict, "This professional is a member already.", field: "email"),
        .init(CareError.ownerCannotLeave, .conflict, "The practice's owner cannot be removed."),
        .init(
            CareError.invitationNotFound, .notFound,
            "No invitation has this code. Check it with the person who gave it to you.", field: "code"),
        .init(
            CareError.invitationNotPending(.expired), .conflict, "This invitation has expired. Ask for a new one.",
            field: "code"),
        .init(
            CareError.invitationNotPending(.accepted), .conflict, "This invitation has been used already.",
            field: "code"),
        .init(
            CareError.ownInvitation, .conflict, "You are a member of this practice: the invitation is for a client.",
            field: "code"),
        .init(CareError.notInCareTeam, .notFound, "Not found."),
        .init(CareError.noSuchFlag, .notFound, "Not found."),
        .init(
            CareError.noteTooLong(max: 2000), .unprocessableContent, "The note must be at most 2000 characters.",
            field: "note"),
        .init(
            CareError.needsClinician(program: "Stroke gait and balance protocol"), .forbidden,
            "Only a clinician may prescribe Stroke gait and balance protocol.", field: "programs"),
        // CredentialError
        .init(
            CredentialError.tokenNameLength, .unprocessableContent, "The token name must be 1 to 100 characters.",
            field: "name"),
        .init(CredentialError.noSuchToken(APITokenID(session.uuid)), .notFound, "Not found."),
        .init(CredentialError.noAccount, .notFound, "Not found."),
        .init(
            CredentialError.tooManyWrongPasswords(retryAfter: 41.2), .tooManyRequests,
            "Too many wrong passwords; try again later.", field: "currentPassword", retryAfter: "42"),
        .init(
            CredentialError.currentPasswordMissing, .unprocessableContent, "Enter your current password.",
            field: "currentPassword"),
        .init(
            CredentialError.wrongCurrentPassword, .unprocessableContent, "The current password is not right.",
            field: "currentPassword"),
        .init(
            CredentialError.newPasswordRejected("Password must be at least 10 characters."), .unprocessableContent,
            "Password must be at least 10 characters.", field: "newPassword"),
        .init(
            CredentialError.passwordsDiffer, .unprocessableContent, "The two new passwords are not the same.",
            field: "confirmPassword"),
        // ExportError
        .init(ExportError.noPlan, .notFound, "Make a plan first."),
        .init(ExportError.programNotInPlan("steady-walk"), .notFound, "Not found."),
        .init(ExportError.format(interop), .unprocessableContent, interop.description, field: "format"),
        .init(ExportError.calendar(interop), .unprocessableContent, interop.description),
        // LiveStartError
        .init(
            LiveStartError.treadmillNotConnected, .unprocessableContent,
            "Connect the Bluetooth treadmill on the session page first.", field: "mode"),
        .init(
            LiveStartError.seeProfessionalFirst, .conflict,
            "Your last feedback reported warning signs: see a health professional before training again."),
        .init(
            LiveStartError.noSessionOnDay(week: 2, day: 9), .unprocessableContent,
            "That plan has no session on that day.", field: "day"),
        .init(LiveStartError.noProgramChosen, .unprocessableContent, "Choose a program.", field: "program"),
        .init(
            LiveStartError.unknownProgram(String(repeating: "x", count: 80)), .unprocessableContent,
            "Unknown program '\(String(repeating: "x", count: 60))'.", field: "program"),
        .init(
            LiveStartError.notResumable(session), .conflict,
            "Only your latest session, interrupted by the app in the last 12 hours and without feedback, can be continued.",
            field: "resume"),
        // Domain errors of the libraries, mapped in `AppError.from`.
        .init(
            InputError(field: "mass", problem: "300 is out of range"), .unprocessableContent,
            "mass: 300 is out of range", field: "mass"),
        .init(StorageError.notFound("session"), .notFound, "Not found."),
        .init(
            StorageError.liveSessionInProgress(session), .conflict,
            "A session of yours is already running: finish or stop it first."),
    ]

    @Test("Each domain error answers with its status, message, field and headers", arguments: rules)
    func mapping(_ rule: DomainErrorRule) {
        let answer = AppError.from(rule.error)
        #expect(answer.status == rule.status)
        #expect(answer.message == rule.message)
        #expect(answer.field == rule.field)
        #expect(answer.headers[.retryAfter] == rule.retryAfter)
        if let mapped = rule.error as? any HTTPMappedError {
            // The error's own `HTTPResponseError` conformance agrees, and the message is its description.
            #expect(mapped.status == rule.status)
            #expect(String(describing: mapped) == rule.message)
        }
    }

    @Test("A form's several errors answer like the first of them", arguments: rules)
    func formErrors(_ rule: DomainErrorRule) {
        let answer = AppError.from(FormErrors(errors: ["a": "b"], first: rule.error))
        #expect(answer.status == rule.status)
        #expect(answer.message == rule.message)
        #expect(answer.field == rule.field)
    }

    /// The service layer: `Services/`, every `TrainingService+*.swift` extension, the live starter and session
    /// manager, and the domain error types themselves.
    static func serviceFiles() throws -> [URL] {
        let files = ServerSources.swiftFiles()
        let named: Set = [
            "LiveStarter.swift", "LiveSessionManager.swift", "AccountError.swift", "CredentialError.swift",
            "ExportError.swift", "LiveStartError.swift",
        ]
        return files.filter { file in
            let name = file.lastPathComponent
            return file.deletingLastPathComponent().lastPathComponent == "Services"
                || name.hasPrefix("TrainingService+") || named.contains(name)
        }
    }

    @Test("No service file speaks HTTP: no AppError, no HTTP status, no Hummingbird or HTTPTypes import")
    func servicesStayHTTPFree() throws {
        let files = try Self.serviceFiles()
        let names = Set(files.map(\.lastPathComponent))
        for expected in [
            "TrainingService.swift", "TrainingError.swift", "TrainingService+Credentials.swift",
            "TrainingService+Interop.swift", "TrainingService+Resume.swift", "LiveStarter.swift",
            "CredentialError.swift", "LiveStartError.swift",
        ] {
            #expect(names.contains(expected), "\(expected) not found under \(ServerSources.root.path)")
        }
        let forbidden = [
            "AppError", "HTTPResponse", "HTTPTypes", "HTTPFields", ".unprocessableContent", ".tooManyRequests",
            ".internalServerError",
        ]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for word in forbidden where line.contains(word) {
                    Issue.record("\(file.lastPathComponent):\(number + 1) mentions \(word): \(line)")
                }
                if line.trimmingCharacters(in: .whitespaces) == "import Hummingbird" {
                    Issue.record("\(file.lastPathComponent):\(number + 1) imports Hummingbird")
                }
            }
        }
    }
}
