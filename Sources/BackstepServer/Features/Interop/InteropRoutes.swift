import BackstepCore
import BackstepInterop
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Downloads and uploads, for the pages and the JSON API alike: a session as FIT, TCX or CSV; the current plan as
/// iCalendar; a plan program's workout as FIT or ZWO; and the import of FIT, TCX and CSV files into the signed-in
/// user's storage. Downloads are plain GETs answered with `Content-Disposition: attachment`; everything is scoped
/// to the signed-in user (another user's session id is a 404, like an id that does not exist).
struct InteropRoutes: Sendable {
    let service: TrainingService
    let clock: ServerClock
    /// The upload limits (`MultipartForm` reads them).
    let settings: ServerSettings
    /// The history page, which shows the import's summary.
    let historyPages: SessionPages

    /// Formats a session downloads in.
    static let sessionFormats: [InteropFormat] = [.fit, .tcx, .csv]
    /// Formats a workout downloads in.
    static let workoutFormats: [InteropFormat] = [.fit, .zwo]

    /// The downloads and the upload form of the pages.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("sessions/:id/download/:format") { _, context in try await sessionDownload(context) }
        routes.get("plan/calendar.ics") { _, context in try await calendarDownload(context) }
        routes.get("plan/workouts/:program/:format") { _, context in try await workoutDownload(context) }
        routes.post("history/import") { request, context in try await uploadPage(request, context) }
        return routes
    }

    /// The same downloads and the import, below `/api/v1`.
    var api: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("sessions/:id/export/:format") { _, context in try await sessionDownload(context) }
        routes.get("plan/calendar") { _, context in try await calendarDownload(context) }
        routes.get("plan/workouts/:program/:format") { _, context in try await workoutDownload(context) }
        routes.post("sessions/import") { request, context in try await importAPI(request, context) }
        return routes
    }

    // MARK: Downloads

    /// A file as an attachment.
    static func attachment(_ file: ExportedFile) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: file.contentType, .contentDisposition: "attachment; filename=\"\(file.fileName)\"",
                .cacheControl: "no-store", .contentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// The `:format` parameter, one of `allowed` (404 otherwise, like any unknown path).
    static func format(_ context: SignedInContext, allowed: [InteropFormat]) throws -> InteropFormat {
        let raw = try context.parameters.require("format").lowercased()
        guard let format = InteropFormat(rawValue: raw), allowed.contains(format) else {
            throw AppError(
                .notFound, "Unknown format '\(raw)': use \(allowed.map(\.rawValue).joined(separator: ", ")).",
                field: "format")
        }
        return format
    }

    func sessionDownload(_ context: SignedInContext) async throws -> Response {
        guard let id = SessionID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        let format = try Self.format(context, allowed: Self.sessionFormats)
        return Self.attachment(try await service.sessionFile(id, of: context.access, format: format))
    }

    func calendarDownload(_ context: SignedInContext) async throws -> Response {
        Self.attachment(try await service.planCalendar(for: context.access, now: clock.now()))
    }

    func workoutDownload(_ context: SignedInContext) async throws -> Response {
        let program = try context.parameters.require("program")
        let format = try Self.format(context, allowed: Self.workoutFormats)
        return Self.attachment(
            try await service.planWorkoutFile(program: program, format: format, for: context.access, now: clock.now()))
    }

    /// The plan page's download links: the calendar, then a FIT and a ZWO link per program of the plan.
    static func planDownloads(_ stored: StoredPlan, now: Date) -> [PlanViewModel.Download] {
        TrainingService.planWorkouts(stored, now: now).map { item in
            PlanViewModel.Download(
                name: item.workout.name, fit: "/plan/workouts/\(item.programId)/fit",
                zwo: "/plan/workouts/\(item.programId)/zwo")
        }
    }

    // MARK: Uploads

    /// `direction` as the upload form and the API send it: `backward`, `forward`, or empty for "only files that
    /// say" (the others are skipped with that reason).
    static func direction(_ text: String?) throws -> Direction? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !trimmed.isEmpty, trimmed != "ask" else { return nil }
        guard let direction = Direction(rawValue: trimmed) else {
            throw AppError.invalid("direction", "Direction must be backward or forward.")
        }
        return direction
    }

    /// The history page's upload form: imports the files and shows the history with the summary.
    func uploadPage(_ request: Request, _ context: SignedInContext) async throws -> HTML {
        let user = context.user
        var request = request
        guard let boundary = try MultipartForm.boundary(of: request) else {
            throw AppError(.unsupportedMediaType, "Send the files from the upload form (multipart/form-data).")
        }
        let form = try await MultipartForm.read(&request, boundary: boundary, settings: settings)
        let files = form.files("files").map { UploadedFile(name: $0.fileName ?? $0.name, bytes: $0.body) }
        guard !files.isEmpty else {
            return try await historyPages.history(
                context, errors: ["files": "Choose one or more FIT, TCX or CSV files."], status: .unprocessableContent)
        }
        let direction: Direction?
        do {
            direction = try Self.direction(form.field("direction"))
        } catch let error as AppError {
            return try await historyPages.history(
                context, errors: ["direction": error.message], status: .unprocessableContent)
        }
        let result = try await service.importFiles(files, direction: direction, for: context.access)
        let summary = ImportReport(result, userId: user.id)
        return try await historyPages.history(
            context,
            importSummary: HistoryViewModel.ImportSummary(
                headline: result.headline, hasImported: !summary.imported.isEmpty,
                imported: summary.imported.map {
                    .init(file: $0.file, sessionId: $0.sessionId.uuidString, name: $0.name)
                }, hasDuplicates: !summary.duplicates.isEmpty,
                duplicates: summary.duplicates.map {
                    .init(file: $0.file, sameAs: $0.sameAs ?? "a session already stored")
                },
                hasSkipped: !summary.skipped.isEmpty,
                skipped: summary.skipped.map { .init(file: $0.file ?? "?", problem: $0.problem) }))
    }

    /// `POST /api/v1/sessions/import`: JSON with base64 files, or multipart/form-data like the page's form.
    func importAPI(_ request: Request, _ context: SignedInContext) async throws -> JSONBody<ImportResponse> {
        let user = context.user
        var request = request
        let files: [UploadedFile]
        let direction: Direction?
        if let boundary = try MultipartForm.boundary(of: request) {
            let form = try await MultipartForm.read(&request, boundary: boundary, settings: settings)
            files = form.files("files").map { UploadedFile(name: $0.fileName ?? $0.name, bytes: $0.body) }
            direction = try Self.direction(form.field("direction"))
        } else {
            let body = try await decodeImport(request)
            direction = try Self.direction(body.direction)
            files = try body.uploadedFiles()
        }
        guard !files.isEmpty else { throw AppError.invalid("files", "Send one or more FIT, TCX or CSV files.") }
        let result = try await service.importFiles(files, direction: direction, for: context.access)
        return JSONBody(ImportResponse(ImportReport(result, userId: user.id)))
    }

    /// The JSON import body, within the upload limit (base64 is 4/3 of the bytes).
    func decodeImport(_ request: Request) async throws -> ImportRequest {
        let limit = settings.maxUploadBytes / 3 * 4 + 64 * 1024
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AppError(
                .contentTooLarge, "The upload is larger than \(MultipartForm.sizeText(settings.maxUploadBytes)).")
        }
        do {
            return try JSONDecoder.api.decode(ImportRequest.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIDecoding.describe(error)
        } catch {
            throw AppError(.badRequest, "The body is not valid JSON.")
        }
    }
}
