import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Signing up, signing in and out, and the home page.
struct AccountPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock
    let limiter: LoginRateLimiter
    /// How long a browser session lasts (`ServerSettings.sessionLifetime`).
    let sessionLifetime: TimeInterval
    /// Where sign-out deletes the browser session.
    let store: any WebStore

    /// The pages of this feature.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/") { request, context in try await home(request, context) }
        routes.get("signup") { request, context in
            signUpPage(context, values: ["next": request.uri.queryParameters.get("next") ?? ""], errors: [:])
        }
        routes.post("signup") { request, context in try await signUp(request, context) }
        routes.get("signin") { request, context in
            signInPage(context, next: safeNext(request.uri.queryParameters.get("next")), email: "", errors: [:])
        }
        routes.post("signin") { request, context in try await signIn(request, context) }
        routes.post("signout") { request, context in try await signOut(request, context) }
        return routes
    }

    func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else {
            return try page(HomeViewModel(chrome: PageChrome(context, title: "Backstep")))
                .response(from: request, context: context)
        }
        if user.role == .professional { return redirect("/clients") }
        if try await service.profile(for: .own(user)) == nil { return redirect("/onboarding") }
        return redirect("/plan")
    }

    func signUp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await form(request)
        var values: [String: String] = [:]
        for name in ["name", "email", "role", "profession", "registrationNumber", "next"] {
            values[name] = form.string(name) ?? ""
        }
        do {
            let kind = try AccountKind.parse(
                role: form.string("role"), profession: form.string("profession"),
                registrationNumber: form.string("registrationNumber"))
            let user = try await service.signUp(
                name: form.string("name"), email: form.string("email"), password: form.values["password"]?.first,
                as: kind, now: clock.now())
            let next = form.string("next").map { safeNext($0) } ?? "/onboarding"
            return try await signedIn(user, context: context, to: kind == .athlete ? next : "/practice")
        } catch let problem as FieldProblem {
            return try signUpPage(
                context, values: values, errors: [problem.field: problem.message], status: .unprocessableContent
            ).response(from: request, context: context)
        } catch let error as FormErrors {
            return try signUpPage(context, values: values, errors: error.errors, status: .unprocessableContent)
                .response(from: request, context: context)
        } catch let accountError as AccountError {
            let error = accountError.httpError
            return try signUpPage(
                context, values: values, errors: [error.field ?? "email": error.message], status: error.status
            ).response(from: request, context: context)
        }
    }

    /// The sign-up form with what was typed (`values` by field name; `next` is checked here).
    func signUpPage(
        _ context: AppRequestContext, values: [String: String], errors: [String: String],
        status: HTTPResponse.Status = .ok
    ) -> HTML {
        let next = values["next"].flatMap { $0.isEmpty ? nil : safeNext($0) } ?? ""
        let role = values["role"] == UserRole.professional.rawValue ? "professional" : "athlete"
        return page(
            SignUpViewModel(
                chrome: PageChrome(context, title: "Create your account", errors: errors), next: next,
                name: values["name"] ?? "", email: values["email"] ?? "",
                roles: [
                    Choice(value: "athlete", label: "I train", selected: role == "athlete"),
                    Choice(value: "professional", label: "I'm a coach or clinician", selected: role == "professional"),
                ],
                professions: Profession.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: values["profession"] == $0.rawValue)
                }, registrationNumber: values["registrationNumber"] ?? "", errors: FieldErrors(errors)),
            status: status)
    }

    func signInPage(
        _ context: AppRequestContext, next: String, email: String, errors: [String: String],
        status: HTTPResponse.Status = .ok
    ) -> HTML {
        page(
            SignInViewModel(
                chrome: PageChrome(context, title: "Sign in", errors: errors), next: next, email: email,
                errors: FieldErrors(errors)), status: status)
    }

    func signedIn(_ user: User, context: AppRequestContext, to location: String) async throws -> Response {
        let (token, _) = try await service.startWebSession(for: .own(user), now: clock.now())
        var response = redirect(location)
        response.setCookie(
            Cookie(
                name: CookieName.session, value: token, maxAge: Int(sessionLifetime), path: "/",
                secure: context.isSecure, httpOnly: true, sameSite: .lax))
        return response
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await form(request)
        let email = (form.string("email") ?? "").lowercased()
        let password = form.values["password"]?.first ?? ""
        let next = safeNext(form.string("next"))
        let now = clock.now()
        func again(_ message: String, status: HTTPResponse.Status) throws -> Response {
            try signInPage(context, next: next, email: email, errors: ["email": message], status: status)
                .response(from: request, context: context)
        }
        if let wait = await limiter.retryAfter(email, now: now) {
            var response = try again(
                "Too many failed sign-ins. Try again in \(Int(wait.rounded(.up) / 60) + 1) minutes.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        guard !email.isEmpty, !password.isEmpty,
            let user = try await service.authenticate(email: email, password: password)
        else {
            await limiter.recordFailure(email, now: now)
            return try again("The e-mail address or password is not right.", status: .unauthorized)
        }
        await limiter.reset(email)
        return try await signedIn(user, context: context, to: next)
    }

    func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if case .session(let hash) = context.identity?.method {
            try await store.deleteWebSession(tokenHash: hash)
        }
        var response = redirect("/")
        response.setCookie(
            Cookie(
                name: CookieName.session, value: "", maxAge: 0, path: "/", secure: context.isSecure, httpOnly: true,
                sameSite: .lax))
        return response
    }
}
