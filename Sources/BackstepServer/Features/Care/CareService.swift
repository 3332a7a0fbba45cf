import BackstepCore
import BackstepStorage
import Foundation

/// The professional side's service: practices and invitations (`Features/Practice`), the client's consent and care
/// team (`Features/CareTeam`), and the professional's view of their clients (`Features/Clients`), one extension per
/// feature. Pages and the JSON API call the same methods.
///
/// Practice and consent methods act on the signed-in person's own account (their practice, their consent) and take
/// the signed-in `User`; everything that reads or changes a client's training data goes through
/// `TrainingService.authorize` with an `Access` for that client, which checks consent on every call and writes the
/// access log.
struct CareService: Sendable {
    /// The training service whose access check, consent reading and access log every client read goes through.
    let training: TrainingService

    /// The store.
    var store: any WebStore { training.store }

    /// Throws unless `user` is a coach or clinician.
    static func requireProfessional(_ user: User) throws(CareError) {
        guard user.role == .professional else { throw CareError.notAProfessional }
    }

    /// The client a professional acts on, after the one access check (and log row, `resource`) of the request.
    /// - Throws: `AccessDenied` (404 at the edge) without consent.
    func consentedClient(_ access: Access, resource: String) async throws -> LinkedClient {
        try await training.authorize(.read, access, resource: resource)
        guard
            let linked = try await store.linkedClients(of: access.actor.userId).first(where: {
                $0.client.id == access.subject
            })
        else { throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent) }
        return linked
    }

    /// Runs a store call and reports its care refusals in the product's terms.
    static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CareStoreError {
            throw CareError(error)
        }
    }
}
