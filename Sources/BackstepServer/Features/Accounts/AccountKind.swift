import BackstepCore
import BackstepStorage
import Foundation

/// What kind of account sign-up creates: an athlete (a client), or a coach or clinician with their profession and,
/// optionally, a registration number.
enum AccountKind: Hashable, Sendable {
    /// Trains (the default).
    case athlete
    /// Guides clients who link to their practice.
    case professional(Profession, registrationNumber: String?)

    /// The kind from a sign-up form or body: `role` is `athlete` (or empty) or `professional`; a professional needs
    /// a `profession` (`Profession`'s raw values) and may give a registration number of up to 50 characters.
    /// - Throws: `FieldProblem` naming `role`, `profession` or `registrationNumber`.
    static func parse(
        role: String?, profession: String?, registrationNumber: String?
    ) throws(FieldProblem)
        -> AccountKind
    {
        switch (role ?? "").trimmingCharacters(in: .whitespaces) {
        case "", UserRole.athlete.rawValue: return .athlete
        case UserRole.professional.rawValue:
            guard let profession = Profession(rawValue: profession ?? "") else {
                throw FieldProblem(field: "profession", message: "Choose your profession.")
            }
            let number = (registrationNumber ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard number.count <= 50 else {
                throw FieldProblem(
                    field: "registrationNumber", message: "The registration number must be at most 50 characters.")
            }
            return .professional(profession, registrationNumber: number.isEmpty ? nil : number)
        default:
            throw FieldProblem(field: "role", message: "Choose athlete or professional.")
        }
    }
}
