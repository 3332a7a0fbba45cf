import BackstepCore
import BackstepStorage
import Foundation

extension CareService {
    /// Whether the professional may still read the client's data (checked again while a live view is open).
    func stillConsented(professional: UserID, client: UserID) async -> Bool {
        guard let state = try? await store.careLinkState(professional: professional, client: client) else {
            return false
        }
        if case .active = state { return true }
        return false
    }
}
