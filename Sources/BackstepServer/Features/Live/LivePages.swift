import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Starting a session and the live player pages (manual, simulated, and the Bluetooth connect page).
struct LivePages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let live: LiveSessionManager
    let starter: LiveStarter

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("sessions/start") { request, context in try await startSession(request, context) }
        routes.get("sessions/live") { _, context in try await livePage(context) }
        routes.get("sessions/connect") { request, context in try await connectPage(request, context) }
        return routes
    }

    func startSession(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let user = context.user
        var form = try await form(request)
        let mode = form.choice("mode", label: "Treadmill", as: LiveMode.self) ?? .manual
        let week = form.string("week").flatMap(Int.init)
        let day = form.string("day").flatMap(Int.init)
        let program = form.string("program")
        let resume = try form.string("resume").map { raw throws(AppError) -> SessionID in
            guard let id = SessionID(uuidString: raw) else { throw AppError.invalid("resume", "Not a session id.") }
            return id
        }
        if mode == .bluetooth {
            // Web Bluetooth needs a tap on the page that then keeps the treadmill connected for the whole session:
            // the connect page reads the treadmill and starts the session itself, without leaving the page.
            var query: [String] = []
            if let week, let day { query += ["week=\(week)", "day=\(day)"] }
            if let program, let encoded = program.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                query.append("program=\(encoded)")
            }
            if let resume { query.append("resume=\(resume.uuidString)") }
            return redirect("/sessions/connect" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        }
        let start = try await starter.prepare(
            access: context.access, week: week, day: day, programId: program, mode: mode, bluetooth: nil,
            resume: resume)
        _ = try await live.start(start, for: user.id)
        return redirect("/sessions/live")
    }

    /// The Bluetooth session's first page: it connects the treadmill on a tap, reads its features, starts the
    /// session through `POST /api/v1/sessions/live` and then becomes the player, so the Bluetooth link made on
    /// this page lasts the whole session.
    func connectPage(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let user = context.user
        if try await live.active(for: user.id) != nil { return redirect("/sessions/live") }
        // Check now what the start will check, so a missing profile or a stop decision shows before connecting.
        let query = request.uri.queryParameters
        let week = query.get("week").flatMap(Int.init)
        let day = query.get("day").flatMap(Int.init)
        let program = query.get("program").map { String($0.prefix(80)) }
        let resume = query.get("resume").flatMap { SessionID(uuidString: $0) }
        let preview = try await starter.prepare(
            access: context.access, week: week, day: day, programId: program, mode: .manual, bluetooth: nil,
            resume: resume)
        let units = try await service.units(for: context.access)
        let player = LiveViewModel(
            chrome: PageChrome(context, title: "Connect your treadmill"), sessionId: nil,
            mode: LiveMode.bluetooth.rawValue, workout: preview.workout.name, speedUnit: units.speedUnit.symbol,
            speedFactor: Self.speedFactor(units), bluetooth: true, pending: true, week: week.map(String.init),
            day: day.map(String.init), program: program, resume: resume?.uuidString)
        return try page(player).response(from: request, context: context)
    }

    /// Metres per second in one of the user's speed units, as the player reads it.
    static func speedFactor(_ units: UnitPreference) -> String {
        ProgressionText.number(Speed(1, units.speedUnit).metersPerSecond, digits: 6)
    }

    func livePage(_ context: SignedInContext) async throws -> HTML {
        let user = context.user
        guard let session = try await live.active(for: user.id) else { throw Redirect(to: "/plan") }
        let units = try await service.units(for: context.access)
        return page(
            LiveViewModel(
                chrome: PageChrome(context, title: "Session"), sessionId: session.id.uuidString,
                mode: session.mode.rawValue, workout: session.workoutName, speedUnit: units.speedUnit.symbol,
                speedFactor: Self.speedFactor(units), bluetooth: session.mode == .bluetooth, pending: false))
    }
}
