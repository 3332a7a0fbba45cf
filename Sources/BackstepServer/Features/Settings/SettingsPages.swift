import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Account settings: units and speed cap, API tokens and the password.
struct SettingsPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock
    let limiter: LoginRateLimiter

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("settings") { _, context in try await settings(context, errors: [:], notice: nil, token: nil) }
        routes.post("settings") { request, context in try await saveSettings(request, context) }
        routes.post("settings/token") { request, context in try await createToken(request, context) }
        routes.post("settings/tokens/:id/revoke") { request, context in try await revokeToken(request, context) }
        routes.post("settings/password") { request, context in try await changePassword(request, context) }
        return routes
    }

    func settings(
        _ context: SignedInContext, errors: [String: String], notice: String?, token: String?,
        status: HTTPResponse.Status = .ok
    ) async throws
        -> HTML
    {
        let profile = try await service.profile(for: context.access)
        let units = profile?.units ?? .metric
        let tokens = try await service.apiTokens(for: context.access).map { record in
            SettingsViewModel.Token(
                id: record.id.uuidString, name: record.name, created: Fmt.dateTime(record.createdAt),
                lastUsed: record.lastUsedAt.map(Fmt.dateTime) ?? "never")
        }
        return page(
            SettingsViewModel(
                chrome: PageChrome(context, title: "Settings", errors: errors), notice: notice ?? "",
                hasProfile: profile != nil, unitChoices: Choice.units(selected: units.rawValue),
                speedUnit: units.speedUnit.symbol, speedCap: Fmt.speedValue(profile?.speedCap, units),
                token: token ?? "",
                hasTokens: !tokens.isEmpty, tokens: tokens, errors: FieldErrors(errors)), status: status)
    }

    func saveSettings(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        guard var profile = try await service.profile(for: context.access) else { return redirect("/onboarding") }
        let units = form.choice("units", label: "Units", as: UnitPreference.self) ?? profile.units
        let perUnit = Speed(1, units.speedUnit).metersPerSecond
        let cap = form.number(
            "speedCap", label: "Speed cap", in: 0.5...(Profile.speedRange.upperBound / perUnit).rounded(.down),
            required: false, unit: units.speedUnit.symbol)
        guard form.isValid else {
            return try await settings(context, errors: form.errors, notice: nil, token: nil)
                .response(from: request, context: context)
        }
        profile.units = units
        profile.speedCap = cap.map { Speed($0, units.speedUnit) }
        try await service.saveProfile(profile, for: context.access, now: clock.now())
        return try await settings(context, errors: [:], notice: "Saved.", token: nil).response(
            from: request, context: context)
    }

    func createToken(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        let name = form.text("name", label: "Token name", maxLength: 100) ?? ""
        guard form.isValid else {
            return try await settings(context, errors: form.errors, notice: nil, token: nil)
                .response(from: request, context: context)
        }
        let (token, _) = try await service.issueAPIToken(for: context.access, name: name, now: clock.now())
        return try await settings(
            context, errors: [:], notice: "Copy the token now: it is shown only once.", token: token
        )
        .response(from: request, context: context)
    }

    func revokeToken(_ request: Request, _ context: SignedInContext) async throws -> Response {
        guard let id = APITokenID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        try await service.revokeAPIToken(id, of: context.access)
        return try await settings(context, errors: [:], notice: "Token revoked: it no longer works.", token: nil)
            .response(from: request, context: context)
    }

    func changePassword(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let form = try await form(request)
        let keep = context.webSessionHash
        do {
            _ = try await service.changePassword(
                for: context.access, current: form.values["currentPassword"]?.first,
                new: form.values["newPassword"]?.first,
                confirmation: form.values["confirmPassword"]?.first ?? "", keepingWebSession: keep,
                limiter: limiter, now: clock.now())
        } catch let error as FormErrors {
            return try await settings(
                context, errors: error.errors, notice: nil, token: nil, status: .unprocessableContent
            )
            .response(from: request, context: context)
        } catch let credentialError as CredentialError where credentialError.status == .tooManyRequests {
            let error = credentialError.httpError
            var response = try await settings(
                context, errors: [error.field ?? "currentPassword": error.message], notice: nil, token: nil,
                status: .tooManyRequests
            )
            .response(from: request, context: context)
            for field in error.headers { response.headers.append(field) }
            return response
        }
        return try await settings(
            context, errors: [:], notice: "Password changed. Every other browser and every API token is signed out.",
            token: nil
        )
        .response(from: request, context: context)
    }
}
