import Foundation
import Mustache

/// A template is missing or did not parse.
public struct TemplateError: Error, CustomStringConvertible {
    /// What is wrong.
    public var description: String
}

/// The mustache templates, loaded from the bundle and checked once at startup: a missing template stops the
/// server before it serves anything, instead of failing a request later.
struct Templates: Sendable {
    let library: MustacheLibrary

    /// Every page the app renders.
    static let pages = [
        "home", "signin", "signup", "onboarding", "screening", "programs", "program", "plan", "live", "history",
        "session", "feedback", "dashboard", "assessments", "settings", "error",
    ]

    static func load() async throws -> Templates {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw TemplateError(description: "the template folder is missing from the bundle")
        }
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: folder)
        } catch {
            throw TemplateError(description: "a template does not parse: \(error)")
        }
        for name in pages + ["header", "footer"] where library.getTemplate(named: name) == nil {
            throw TemplateError(description: "the template '\(name).mustache' is missing")
        }
        return Templates(library: library)
    }

    /// Renders a page; a missing template cannot happen after `load()` checked them all.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? "<!doctype html><title>Backstep</title><p>Page unavailable."
    }
}

/// The static files (style sheet, player script), loaded once and served from memory.
struct Assets: Sendable {
    let files: [String: (type: String, body: String)]

    static let names = ["app.css": "text/css; charset=utf-8", "player.js": "text/javascript; charset=utf-8"]

    static func load() throws -> Assets {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Public") else {
            throw TemplateError(description: "the Public folder is missing from the bundle")
        }
        var files: [String: (String, String)] = [:]
        for (name, type) in names {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
                throw TemplateError(description: "the asset '\(name)' is missing")
            }
            files[name] = (type, text)
        }
        return Assets(files: files)
    }
}
