import BackstepCore
import BackstepStorage
import Foundation

extension CareService {
    /// The client a professional is about to watch: consent is checked and the access logged (`resource`).
    /// - Throws: `AccessDenied` (404) without consent.
    func watchTarget(_ access: Access, resource: String) async throws -> LinkedClient {
        try await training.authorize(.read, access, resource: resource)
        guard
            let linked = try await store.linkedClients(of: access.actor.userId).first(where: {
                $0.client.id == access.subject
            })
        else { throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent) }
        return linked
    }

    /// Whether the professional may still read the client's data (checked again while a live view is open).
    func stillConsented(professional: UserID, client: UserID) async -> Bool {
        guard let state = try? await store.careLinkState(professional: professional, client: client) else {
            return false
        }
        if case .active = state { return true }
        return false
    }
}
