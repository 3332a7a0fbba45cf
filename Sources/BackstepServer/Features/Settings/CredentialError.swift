import BackstepCore
import Foundation

/// What can go wrong with passwords and API tokens, in the product's terms. The server's edge
/// (`DomainErrors+HTTP.swift`) decides how each case is answered.
enum CredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A token label that is empty or longer than `TrainingService.tokenNameLength` allows.
    case tokenNameLength
    /// The user has no API token with this id (another user's token included).
    case noSuchToken(APITokenID)
    /// The signed-in user has no password account (nothing to change).
    case noAccount
    /// Too many wrong current passwords lately; another try is accepted after this many seconds.
    case tooManyWrongPasswords(retryAfter: TimeInterval)
    /// The current password was left empty.
    case currentPasswordMissing
    /// The current password is not the user's password.
    case wrongCurrentPassword
    /// The new password is too short or too long (the message says which).
    case newPasswordRejected(String)
    /// The new password and its confirmation differ.
    case passwordsDiffer

    /// The input field the error is about, if any.
    var field: String? {
        switch self {
        case .tokenNameLength: "name"
        case .noSuchToken, .noAccount: nil
        case .tooManyWrongPasswords, .currentPasswordMissing, .wrongCurrentPassword: "currentPassword"
        case .newPasswordRejected: "newPassword"
        case .passwordsDiffer: "confirmPassword"
        }
    }

    var description: String {
        switch self {
        case .tokenNameLength:
            "The token name must be 1 to \(TrainingService.tokenNameLength.upperBound) characters."
        case .noSuchToken, .noAccount: "Not found."
        case .tooManyWrongPasswords: "Too many wrong passwords; try again later."
        case .currentPasswordMissing: "Enter your current password."
        case .wrongCurrentPassword: "The current password is not right."
        case .newPasswordRejected(let problem): problem
        case .passwordsDiffer: "The two new passwords are not the same."
        }
    }
}
