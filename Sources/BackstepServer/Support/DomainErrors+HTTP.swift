import BackstepCore
import HTTPTypes
import Hummingbird

/// A domain error with its answer at the HTTP edge. The services throw domain errors (`TrainingError`,
/// `CredentialError`, …) that know nothing of HTTP; this file alone says which status, message and field each
/// case is answered with, and `AppError.from` (used by both route groups' error middlewares) reads it. Each
/// conforming error is an `HTTPResponseError` too, so it answers with the API's error body even outside them.
protocol HTTPMappedError: HTTPResponseError {
    /// The status, message, field and headers this error is answered with.
    var httpError: AppError { get }
}

extension HTTPMappedError {
    /// The HTTP status of `httpError`.
    var status: HTTPResponse.Status { httpError.status }

    /// The API's error body for `httpError`.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try httpError.response(from: request, context: context)
    }
}

extension TrainingError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .noProfile, .feedbackMissing: AppError(.conflict, description, field: field)
        case .screeningUnanswered, .painOutOfRange: AppError(.unprocessableContent, description, field: field)
        // Another person's session reads exactly like one that does not exist.
        case .noSuchSession: .notFound
        }
    }
}

extension FieldProblem: HTTPMappedError {
    var httpError: AppError { .invalid(field, message) }
}

extension AccountError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .emailTaken: AppError(.conflict, description, field: field)
        }
    }
}

extension CredentialError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .noSuchToken, .noAccount: .notFound
        case .tooManyWrongPasswords(let wait):
            AppError(
                .tooManyRequests, description, field: field,
                headers: [.retryAfter: String(Int(wait.rounded(.up)))])
        case .tokenNameLength, .currentPasswordMissing, .wrongCurrentPassword, .newPasswordRejected,
            .passwordsDiffer:
            AppError(.unprocessableContent, description, field: field)
        }
    }
}

extension ExportError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .noPlan: AppError(.notFound, description)
        case .programNotInPlan: .notFound
        case .format, .calendar: AppError(.unprocessableContent, description, field: field)
        }
    }
}

extension LiveStartError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .treadmillNotConnected, .noSessionOnDay, .noProgramChosen, .unknownProgram:
            AppError(.unprocessableContent, description, field: field)
        case .seeProfessionalFirst, .notResumable: AppError(.conflict, description, field: field)
        }
    }
}

extension CareError: HTTPMappedError {
    var httpError: AppError {
        switch self {
        case .notAProfessional, .notPracticeOwner, .needsClinician: AppError(.forbidden, description, field: field)
        case .noPractice, .alreadyInPractice, .alreadyMember, .ownerCannotLeave, .invitationNotPending,
            .ownInvitation:
            AppError(.conflict, description, field: field)
        case .noSuchProfessional, .noteTooLong: AppError(.unprocessableContent, description, field: field)
        case .invitationNotFound: AppError(.notFound, description, field: field)
        case .notInCareTeam, .noSuchFlag: .notFound
        }
    }
}
