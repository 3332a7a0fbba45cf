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

    /// Every page the app renders: the template of each view-model type in `PageViewModels.all`.
    static var pages: [String] { PageViewModels.all.map { $0.template } }

    /// The partials every page includes (`{{> header}}`, `{{> footer}}`); they read `PageChrome`.
    static let partials = ["header", "footer"]

    /// The folder of the templates in the bundle.
    static var folder: String? { Bundle.module.resourceURL?.appendingPathComponent("Templates").path }

    static func load() async throws -> Templates {
        guard let folder else {
            throw TemplateError(description: "the template folder is missing from the bundle")
        }
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: folder)
        } catch {
            throw TemplateError(description: "a template does not parse: \(error)")
        }
        for name in pages + partials where library.getTemplate(named: name) == nil {
            throw TemplateError(description: "the template '\(name).mustache' is missing")
        }
        return Templates(library: library)
    }

    /// Renders a page with its type's template; a missing template cannot happen after `load()` checked them all.
    func render<Page: PageViewModel>(_ page: Page) -> String {
        library.render(RenderedPage(page: page), withTemplate: Page.template)
            ?? "<!doctype html><title>Backstep</title><p>Page unavailable."
    }
}

/// What a template renders: the page's values, then (for names the page does not have) its chrome's, so the
/// header and the page's forms read `title`, `csrf`, … at the top level. Lookups go through `Mirror`, exactly as
/// mustache reads any Swift value (an optional that is nil counts as absent).
struct RenderedPage<Page: PageViewModel>: MustacheParent {
    /// The page.
    let page: Page

    func child(named name: String) -> Any? {
        Self.value(named: name, in: page) ?? Self.value(named: name, in: page.chrome)
    }

    /// The stored value `name` of `object`, unwrapped if it is an optional.
    static func value(named name: String, in object: Any) -> Any? {
        guard let value = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else {
            return nil
        }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// The static files (style sheet, player script), loaded once and served from memory.
struct Assets: Sendable {
    let files: [String: (type: String, body: String)]

    static let names = [
        "app.css": "text/css; charset=utf-8", "player.js": "text/javascript; charset=utf-8",
        "watch.js": "text/javascript; charset=utf-8",
    ]

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
