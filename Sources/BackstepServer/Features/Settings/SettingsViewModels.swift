import Foundation

/// Account settings: units and speed cap, the password form, and the API tokens.
struct SettingsViewModel: PageViewModel {
    /// The fields the page's forms show errors for (settings, password and token forms).
    enum Field: String, FormFields { case speedCap, currentPassword, newPassword, confirmPassword, name }

    /// One API token (never its secret).
    struct Token: Encodable, Sendable {
        /// The token's public id (its revoke form is `/settings/tokens/<id>/revoke`).
        var id: String
        /// Its name.
        var name: String
        /// When it was issued.
        var created: String
        /// When it was last used, or "never".
        var lastUsed: String
    }

    static let template = "settings"
    var chrome: PageChrome
    /// What the last action did; empty otherwise (the template's section still renders for it, as the page always
    /// did).
    var notice: String
    /// Whether there is a profile (the units and cap form needs one).
    var hasProfile: Bool
    /// Metric or imperial.
    var unitChoices: [Choice]
    /// The symbol of the speed unit.
    var speedUnit: String
    /// The speed cap (empty for none).
    var speedCap: String
    /// A token just issued, shown once; empty otherwise (the template's section still renders for it, as the page
    /// always did).
    var token: String
    /// Whether there are tokens.
    var hasTokens: Bool
    /// The tokens.
    var tokens: [Token]
    /// The field errors.
    var errors: FieldErrors<Field>
}
