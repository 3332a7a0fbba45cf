import Foundation
import Testing

@testable import BackstepServer

/// Every template against its view model: each template in `Resources/Templates` is rendered with a sample of the
/// one view-model type in `PageViewModels.all` that names it (every optional set, every list filled), and its
/// mustache tags are resolved against the sample's encoded keys, section by section, the way mustache looks names
/// up (innermost context first, then outwards; partials with the page's top level, where `PageChrome`'s keys are).
/// A key the template reads that the view model lacks, a view-model key no template reads, and a template no
/// view model renders all fail.
@Suite("Templates and their view models")
struct TemplateViewModelTests {
    /// The templates in the bundle, by name.
    static func templateFiles() throws -> [String: String] {
        let folder = try #require(Templates.folder)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".mustache") {
            files[String(name.dropLast(".mustache".count))] = try String(
                contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return files
    }

    /// The partials the pages include, parsed.
    static func partials() throws -> [String: [TemplateNode]] {
        let files = try templateFiles()
        var partials: [String: [TemplateNode]] = [:]
        for name in Templates.partials { partials[name] = try TemplateNode.parse(try #require(files[name])) }
        return partials
    }

    @Test("Every page template reads only keys its view model has, and every key is read", arguments: Templates.pages)
    func templateMatchesViewModel(template: String) async throws {
        let samples = PageSamples.all.filter { type(of: $0).template == template }
        #expect(samples.count == 1, "one sample per view-model type of '\(template)'")
        let sample = try #require(samples.first)
        let text = try #require(try Self.templateFiles()[template], "'\(template).mustache' is missing")

        let mirror = ValueShape.mirror(of: sample)
        #expect(mirror.problems.isEmpty, "\(template): \(mirror.problems)")
        let encoded = try ValueShape.encoded(sample)
        #expect(mirror.shape == encoded, "\(template): what mustache reads (Mirror) differs from the encoded keys")

        let report = try TemplateChecker.check(text, sample: sample, partials: try Self.partials())
        #expect(report.missing.isEmpty, "\(template) reads keys its view model lacks: \(report.missing)")
        #expect(report.unused.isEmpty, "\(template) never reads these view-model keys: \(report.unused)")

        let html = try await Templates.load().render(sample)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<title>\(sample.chrome.title) · Backstep</title>"))
        #expect(html.contains("</html>"))
    }

    @Test("Every template file is a page of the registry or a partial, and every page has one type")
    func noUnusedTemplates() throws {
        let files = Set(try Self.templateFiles().keys)
        let pages = Templates.pages
        #expect(Set(pages).count == pages.count, "two view-model types name the same template: \(pages)")
        #expect(files.subtracting(pages).subtracting(Templates.partials).isEmpty, "templates no view model renders")
        #expect(Set(pages).union(Templates.partials).subtracting(files).isEmpty, "templates that do not exist")
        let sampled = PageSamples.all.map { type(of: $0).template }
        #expect(sampled.sorted() == pages.sorted(), "PageSamples.all has one sample per registered type")
    }

    // MARK: The checker can fail

    /// A view model only these tests use.
    struct ProbeViewModel: PageViewModel {
        struct Row: Encodable, Sendable {
            var label: String
            var value: String
        }
        static let template = "probe"
        var chrome: PageChrome
        var flag: Bool
        var note: String?
        var rows: [Row]
    }

    static let probe = ProbeViewModel(
        chrome: PageSamples.chrome("Probe"), flag: true, note: "a note", rows: [.init(label: "l", value: "v")])
    static let fine = "{{> header}}{{#flag}}{{note}}{{/flag}}<ul>{{#rows}}<li>{{label}}: {{value}}</li>{{/rows}}</ul>"
    static let chromeKeys = ["csrf", "hasErrors", "isProfessional", "signedIn", "title", "unreadMessages", "userName"]

    @Test(
        "The checker reports wrong keys, unused keys and broken templates",
        arguments: [
            (fine, [], []),
            (fine + "{{nope}}", ["nope"], []),
            (fine + "{{{rows.label}}}", ["rows.label"], []),
            (fine + "{{#flag}}{{label}}{{/flag}}", ["label (in #flag)"], []),
            (fine + "{{note.text}}", ["note.text"], []),
            (fine + "{{^missing}}x{{/missing}}", ["missing"], []),
            ("{{> header}}{{#flag}}{{note}}{{/flag}}{{#rows}}{{label}}{{/rows}}", [], ["rows[].value"]),
            ("{{#flag}}{{note}}{{/flag}}{{#rows}}{{label}}{{value}}{{/rows}}", [], chromeKeys),
            (fine + "{{> sidebar}}", ["partial sidebar"], []),
        ] as [(String, [String], [String])])
    func checkerFails(template: String, missing: [String], unused: [String]) throws {
        let report = try TemplateChecker.check(template, sample: Self.probe, partials: try Self.partials())
        #expect(report.missing == missing)
        #expect(report.unused == unused)
    }

    @Test("Unbalanced sections do not parse", arguments: ["{{#a}}x", "{{/a}}", "{{#a}}{{/b}}", "{{x", "{{=<% %>=}}"])
    func unbalanced(template: String) {
        #expect(throws: TemplateNode.ParseError.self) { try TemplateNode.parse(template) }
    }

    /// A view model that would render differently from its encoding, or a sample that leaves something out.
    struct BadViewModel: PageViewModel {
        enum Kind: String, Encodable, Sendable { case first }
        static let template = "bad"
        var chrome: PageChrome
        var kind: Kind
        var ratio: Double
        var note: String?
        var list: [String]
    }

    @Test("Enums, non-integer numbers, nil optionals and empty lists in a sample are reported")
    func badSample() {
        let sample = BadViewModel(chrome: PageSamples.chrome("Bad"), kind: .first, ratio: 0.5, note: nil, list: [])
        let problems = ValueShape.mirror(of: sample).problems
        #expect(
            problems == [
                "kind: Kind renders with String(describing:)", "ratio: Double renders with String(describing:)",
                "note is nil", "list is empty",
            ])
    }

    /// A view model whose encoding renames a key mustache reads by its Swift name.
    struct RenamedViewModel: PageViewModel {
        enum CodingKeys: String, CodingKey {
            case chrome
            case note = "text"
        }
        static let template = "renamed"
        var chrome: PageChrome
        var note: String
    }

    @Test("A key the encoding renames is reported (the template check reads encoded keys, mustache the mirror)")
    func renamedKey() throws {
        let sample = RenamedViewModel(chrome: PageSamples.chrome("Renamed"), note: "a note")
        #expect(ValueShape.mirror(of: sample).shape != (try ValueShape.encoded(sample)))
    }
}

/// A parsed mustache template: text is dropped, only the tags that read names are kept.
indirect enum TemplateNode: Equatable {
    /// `{{name}}`, `{{{name}}}` or `{{&name}}`.
    case variable(String)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(String, inverted: Bool, [TemplateNode])
    /// `{{> name}}`.
    case partial(String)

    /// Why a template does not parse.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [TemplateNode] {
        var stack: [(name: String, inverted: Bool, nodes: [TemplateNode])] = [("", false, [])]
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            guard let close = rest.range(of: triple ? "}}}" : "}}") else {
                throw ParseError(description: "unclosed tag")
            }
            var tag = rest[rest.index(rest.startIndex, offsetBy: triple ? 1 : 0)..<close.lowerBound]
            rest = rest[close.upperBound...]
            var sigil: Character = " "
            if !triple, let first = tag.first, "#^/>!&=".contains(first) {
                sigil = first
                tag = tag.dropFirst()
            }
            let name = tag.trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "#", "^": stack.append((name, sigil == "^", []))
            case "/":
                guard stack.count > 1, let section = stack.popLast(), section.name == name else {
                    throw ParseError(description: "'{{/\(name)}}' closes no open section")
                }
                stack[stack.count - 1].nodes.append(.section(name, inverted: section.inverted, section.nodes))
            case ">": stack[stack.count - 1].nodes.append(.partial(name))
            case "!": continue
            case "=": throw ParseError(description: "delimiter changes are not supported")
            default: stack[stack.count - 1].nodes.append(.variable(name))
            }
        }
        guard stack.count == 1, let top = stack.first else {
            throw ParseError(description: "'{{#\(stack.last?.name ?? "")}}' is not closed")
        }
        return top.nodes
    }
}

/// The shape of a view model's values: the keys of each level, and lists.
indirect enum ValueShape: Equatable {
    case object([String: ValueShape])
    case list([ValueShape])
    case scalar

    /// The keys of an object (or of every element of a list, merged).
    var keys: [String: ValueShape]? {
        switch self {
        case .object(let keys): keys
        case .list(let items):
            items.reduce(into: [String: ValueShape]()) { merged, item in
                merged.merge(item.keys ?? [:]) { first, _ in first }
            }
        case .scalar: nil
        }
    }

    /// The shape of the JSON encoding of `value`.
    static func encoded(_ value: some Encodable) throws -> ValueShape {
        let data = try JSONEncoder().encode(value)
        return shape(json: try JSONSerialization.jsonObject(with: data))
    }

    static func shape(json: Any) -> ValueShape {
        if let object = json as? [String: Any] { return .object(object.mapValues { shape(json: $0) }) }
        if let list = json as? [Any] { return .list(list.map { shape(json: $0) }) }
        return .scalar
    }

    /// The shape mustache reads through `Mirror`, with what a sample must not do: leave an optional nil or a list
    /// empty (that part of the template would not be checked), or hold a value mustache renders with
    /// `String(describing:)` in a way nobody checks (enums, non-integer numbers, dates, ids).
    static func mirror(of value: Any, path: String = "") -> (shape: ValueShape, problems: [String]) {
        if value is String || value is Bool || value is Int { return (.scalar, []) }
        let mirror = Mirror(reflecting: value)
        let here = path.isEmpty ? "the sample" : path
        switch mirror.displayStyle {
        case .collection?:
            let items = mirror.children.map { Self.mirror(of: $0.value, path: path + "[]") }
            return (.list(items.map(\.shape)), (items.isEmpty ? ["\(here) is empty"] : []) + items.flatMap(\.problems))
        case .struct?,
            nil where !mirror.children.isEmpty && mirror.children.allSatisfy({ $0.label != nil }):
            var keys: [String: ValueShape] = [:]
            var problems: [String] = []
            for child in mirror.children {
                guard let label = child.label else { continue }
                let childPath = path.isEmpty ? label : path + "." + label
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional {
                    guard let wrapped = inner.children.first?.value else {
                        problems.append("\(childPath) is nil")
                        continue
                    }
                    let (shape, more) = Self.mirror(of: wrapped, path: childPath)
                    keys[label] = shape
                    problems += more
                } else {
                    let (shape, more) = Self.mirror(of: child.value, path: childPath)
                    keys[label] = shape
                    problems += more
                }
            }
            return (.object(keys), problems)
        default:
            return (.scalar, ["\(here): \(type(of: value)) renders with String(describing:)"])
        }
    }
}

/// Resolves a template's names against a view model's encoded keys, the way mustache looks them up.
struct TemplateChecker {
    /// What a template reads that the view model lacks, and the other way round.
    struct Report {
        /// Names the template reads that resolve nowhere (with their section when inside one).
        var missing: [String] = []
        /// Key paths of the view model (`next.steps[].name`) no tag reads.
        var unused: [String] = []
    }

    /// A context on mustache's stack: the key path it came from and its keys (none for a string or a bool).
    struct Scope {
        var path: String
        var keys: [String: ValueShape]
    }

    var partials: [String: [TemplateNode]]
    var missing: [String] = []
    var used: Set<String> = []

    /// Checks `template` against `sample`: the page's keys with its chrome's at the top level, as
    /// `Templates.render(_:)` renders them.
    static func check(
        _ template: String, sample: some PageViewModel, partials: [String: [TemplateNode]]
    ) throws -> Report {
        guard case .object(var top) = try ValueShape.encoded(sample), case .object(let chrome)? = top["chrome"] else {
            return Report(missing: ["the sample does not encode as an object with a chrome"])
        }
        top["chrome"] = nil
        var checker = TemplateChecker(partials: partials)
        for key in chrome.keys where top[key] != nil { checker.missing.append("\(key) hides the chrome's") }
        top.merge(chrome) { page, _ in page }
        checker.walk(try TemplateNode.parse(template), stack: [Scope(path: "", keys: top)], sections: [])
        var report = Report(missing: checker.missing)
        report.unused = Self.paths(of: .object(top), prefix: "").filter { !checker.used.contains($0) }.sorted()
        return report
    }

    /// Every key path of a shape.
    static func paths(of shape: ValueShape, prefix: String) -> [String] {
        switch shape {
        case .object(let keys):
            keys.flatMap { key, value in
                let path = prefix.isEmpty ? key : prefix + "." + key
                return [path] + paths(of: value, prefix: path)
            }
        case .list: paths(of: .object(shape.keys ?? [:]), prefix: prefix + "[]")
        case .scalar: []
        }
    }

    mutating func walk(_ nodes: [TemplateNode], stack: [Scope], sections: [String]) {
        for node in nodes {
            switch node {
            case .variable(let name):
                _ = resolve(name, stack: stack, sections: sections)
            case .section(let name, let inverted, let children):
                let found = resolve(name, stack: stack, sections: sections)
                var inner = stack
                if !inverted, let found { inner.append(Scope(path: found.path, keys: found.shape.keys ?? [:])) }
                walk(children, stack: inner, sections: sections + [(inverted ? "^" : "#") + name])
            case .partial(let name):
                guard let partial = partials[name] else {
                    missing.append("partial \(name)")
                    continue
                }
                walk(partial, stack: stack, sections: sections)
            }
        }
    }

    /// The key `name` (dotted or `.`) reads, marking it used; nil (and a missing entry) if nothing has it.
    mutating func resolve(_ name: String, stack: [Scope], sections: [String]) -> (path: String, shape: ValueShape)? {
        let context = sections.isEmpty ? "" : " (in \(sections.joined(separator: " ")))"
        if name == "." {
            guard stack.count > 1, let last = stack.last else {
                missing.append(". at the top level")
                return nil
            }
            return (last.path, .scalar)
        }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first, let scope = stack.reversed().first(where: { $0.keys[first] != nil }),
            var shape = scope.keys[first]
        else {
            missing.append(name + context)
            return nil
        }
        var path = scope.path.isEmpty ? first : scope.path + "." + first
        used.insert(path)
        for part in parts.dropFirst() {
            guard case .object(let keys) = shape, let next = keys[part] else {
                missing.append(name + context)
                return nil
            }
            path += "." + part
            used.insert(path)
            shape = next
        }
        if case .list = shape { path += "[]" }
        return (path, shape)
    }
}

extension FieldErrors {
    /// A message for every field.
    static var everyField: FieldErrors {
        FieldErrors(
            Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0.stringValue, "\($0.stringValue) error") }))
    }
}

/// One sample of every page view-model type, with every optional set and every list filled.
enum PageSamples {
    static func chrome(_ title: String) -> PageChrome {
        PageChrome(
            title: title, signedIn: true, userName: "Sam", isProfessional: true, csrf: "csrf-token", hasErrors: true,
            unreadMessages: 2)
    }

    static let choices = [
        Choice(value: "a", label: "A", selected: true), Choice(value: "b", label: "B", selected: false),
    ]
    static let steps = [WorkoutStepRow(name: "Backward walk", time: "5 min")]
    static let chart = "<svg class=\"chart\"></svg>"

    static let all: [any PageViewModel] = [
        HomeViewModel(chrome: chrome("Backstep")),
        WatchViewModel(chrome: chrome("Live: Ana"), clientId: "c1", clientName: "Ana"),
        SignUpViewModel(
            chrome: chrome("Create your account"), next: "/invite/K7QF-M2XP-9TRW", name: "Sam",
            email: "sam@example.com", roles: choices, professions: choices, registrationNumber: "PH12345",
            errors: .everyField),
        SignInViewModel(chrome: chrome("Sign in"), next: "/history", email: "sam@example.com", errors: .everyField),
        OnboardingViewModel(
            chrome: chrome("Your profile"), unitChoices: Choice.units(selected: "metric"), age: "70", mass: "80",
            goals: choices, experiences: choices,
            conditions: [.init(value: "knee-oa", label: "Knee osteoarthritis", checked: true)], speedCap: "4",
            treadmillMax: "12", treadmillGrade: "10", ftms: true, errors: .everyField),
        ScreeningViewModel(
            chrome: chrome("Health screening"), advice: "Talk to a doctor first.",
            questions: [.init(name: "chest-pain", question: "Chest pain?", yes: true, no: false, error: "Answer.")],
            errors: .everyField),
        ProgramsViewModel(
            chrome: chrome("Programs"),
            programs: [.init(id: "first-steps", name: "First steps", summary: "Gently.", audience: "Everyone")]),
        ProgramViewModel(
            chrome: chrome("First steps"), summary: "Gently.", audience: "Everyone", trains: ["balance"],
            safety: ["Clip on the key."], sessionsPerWeek: "2–3", steps: steps,
            evidence: [.init(source: "A study", finding: "It helps.")]),
        PlanViewModel(
            chrome: chrome("My plan"), needsScreening: true,
            resume: .init(sessionId: "s1", name: "First steps", step: 1, steps: 2, left: "4 min", stepsLeft: 2),
            morningPain: .init(sessionId: "s2", day: "Mon 2 Mar"),
            next: .init(
                week: 1, day: 2, name: "First steps", when: "Today", duration: "10 min", speed: "2 km/h",
                handrail: "two hands", steps: steps),
            decision: .init(action: "Hold", stop: true, changes: ["speed: 2 → 2.2"], reasons: ["Pain rose."]),
            modes: choices, hasPlan: true, clearance: "Cleared.",
            weeks: [
                .init(
                    number: 1, focus: "Learn", current: true, speed: "2 km/h", cap: "3 km/h", handrail: "two hands",
                    sessions: [.init(day: "Monday 2 Mar", name: "First steps", duration: "10 min", isToday: true)])
            ], downloads: [.init(name: "First steps", fit: "/plan/workouts/x/fit", zwo: "/plan/workouts/x/zwo")],
            diagnostics: ["Capped."], errors: .everyField),
        LiveViewModel(
            chrome: chrome("Session"), sessionId: "s1", mode: "bluetooth", workout: "First steps", speedUnit: "km/h",
            speedFactor: "0.277778", bluetooth: true, pending: true, week: "1", day: "2", program: "first-steps",
            resume: "s0"),
        HistoryViewModel(
            chrome: chrome("History"),
            importSummary: .init(
                headline: "1 imported", hasImported: true,
                imported: [.init(file: "a.fit", sessionId: "s1", name: "Walk")], hasDuplicates: true,
                duplicates: [.init(file: "b.fit", sameAs: "a.fit")], hasSkipped: true,
                skipped: [.init(file: "c.txt", problem: "not a FIT, TCX or CSV file")]),
            sessions: [
                .init(
                    id: "s1", name: "Walk", day: "Mon 2 Mar 2026, 08:00 UTC", minutes: "10 min", distance: "0.5 km",
                    status: "completed", needsFeedback: true)
            ], errors: .everyField),
        SessionViewModel(
            chrome: chrome("Session on Mon 2 Mar"), id: "s1", name: "Walk", when: "Mon 2 Mar 2026, 08:00 UTC",
            status: "stopped",
            summary: .init(
                active: "10 min", backward: "9 min", distance: "0.5 km", kcal: "40 kcal", forwardKcal: "30 kcal",
                steps: "2 of 3", stopReason: "pain"), speedChart: chart, gradeChart: chart, hasHeart: true,
            heartChart: chart,
            feedback: .init(
                rpe: "12", painDuring: 1, painAfter: 2, painNextMorning: "not yet", handrail: "fingertips",
                nearFall: true, notes: "Fine."), askFeedback: true),
        FeedbackViewModel(
            chrome: chrome("How did it go?"), id: "s1", name: "Walk", rpe: "12", painDuring: "1", painAfter: "2",
            handrails: choices, nearFall: true, notes: "Fine.", errors: .everyField),
        DashboardViewModel(
            chrome: chrome("Progress"), sessions: 3, weeklyMinutes: "30", streakDays: 2, streakWeeks: 1,
            adherence: "80 %", kcal: "120 kcal", forwardKcal: "90 kcal", minutesChart: chart, speedChart: chart,
            speedDirection: "rising", painChart: chart, painDirection: "falling"),
        AssessmentsViewModel(
            chrome: chrome("Assessments"), result: "Within the usual range.", seconds: "5.2", populations: choices,
            notes: "First.", trendChart: chart,
            rows: [.init(day: "Mon 2 Mar", seconds: "5.20", meaning: "Usual.", change: "Faster.", notes: "First.")],
            errors: .everyField),
        SettingsViewModel(
            chrome: chrome("Settings"), notice: "Saved.", hasProfile: true,
            unitChoices: Choice.units(selected: "metric"),
            speedUnit: "km/h", speedCap: "4", token: "secret", hasTokens: true,
            tokens: [.init(id: "t1", name: "Script", created: "Mon 2 Mar 2026, 08:00 UTC", lastUsed: "never")],
            errors: .everyField),
        ErrorViewModel(chrome: chrome("404 Not Found"), message: "Not found."),
        PracticeViewModel(
            chrome: chrome("Knee Clinic"), notice: "Invitation made.",
            practice: .init(
                kind: "Clinic", isOwner: true,
                members: [
                    .init(
                        id: "u1", name: "Dr Lee", profession: "Physiotherapist", registration: "PH12345",
                        role: "Owner", removable: true)
                ], hasInvitations: true,
                invitations: [
                    .init(
                        id: "i1", note: "Sam", scope: "See their data", created: "Mon 2 Mar 2026, 08:00 UTC",
                        expires: "Mon 16 Mar 2026, 08:00 UTC", status: "Waiting for the client", pending: true)
                ]),
            newInvitation: .init(
                code: "K7QF-M2XP-9TRW", link: "http://localhost/invite/K7QF-M2XP-9TRW", qrSvg: chart,
                scope: "See their data", expires: "Mon 16 Mar 2026, 08:00 UTC"), practiceName: "Knee Clinic",
            kinds: choices, memberEmail: "lee@example.com", scopes: choices, note: "Sam", errors: .everyField),
        InvitationViewModel(
            chrome: chrome("Knee Clinic invites you"), code: "K7QF-M2XP-9TRW", problem: "This invitation has expired.",
            invitation: .init(
                practice: "Knee Clinic", kind: "Clinic", inviter: "Dr Lee", profession: "Physiotherapist",
                shared: ["Your sessions"], mayPrescribe: true,
                members: [.init(name: "Dr Lee", profession: "Physiotherapist")],
                expires: "Mon 16 Mar 2026, 08:00 UTC"),
            signedOut: .init(next: "%2Finvite%2FK7QF-M2XP-9TRW")),
        CareTeamViewModel(
            chrome: chrome("Who can see my data"), notice: "Saved.", hasPractices: true,
            practices: [
                .init(
                    id: "p1", name: "Knee Clinic", kind: "Clinic", scope: "See their data",
                    since: "Mon 2 Mar 2026, 08:00 UTC",
                    members: [.init(name: "Dr Lee", profession: "Physiotherapist", role: "Owner")])
            ], code: "K7QF", errors: .everyField),
        AccessLogViewModel(
            chrome: chrome("Who looked at my data"), intro: "Every read.", showClient: true, hasEntries: true,
            entries: [
                .init(
                    when: "Mon 2 Mar 2026, 08:00 UTC", who: "Dr Lee", client: "Sam", action: "Read",
                    what: "client overview", through: "Web page", address: "127.0.0.1")
            ], back: .init(href: "/care-team", label: "Back")),
        ClientsViewModel(
            chrome: chrome("Clients"), hasClients: true,
            clients: [
                .init(
                    id: "c1", name: "Sam", practice: "Knee Clinic", adherence7: "2 of 3 planned, 67 %",
                    adherence30: "8 of 12 planned, 67 %", lastSession: "Mon 2 Mar 2026, 08:00 UTC",
                    painTrend: "Rising", flagCount: "1 open, 1 urgent", urgent: true, flags: [flag],
                    unread: "2 new messages")
            ]),
        ClientViewModel(
            chrome: chrome("Sam"), id: "c1", notice: "Flag acknowledged.", practice: "Knee Clinic",
            scope: "See their data", since: "Mon 2 Mar 2026, 08:00 UTC", adherence7: "2 of 3 planned, 67 %",
            adherence30: "8 of 12 planned, 67 %", painTrend: "Rising",
            profile: .init(
                age: "45 years", sex: "female", mass: "70 kg", goal: "Knee pain relief", experience: "Beginner",
                speedCap: "3 km/h", conditions: "Knee osteoarthritis"),
            screening: .init(
                date: "Mon 2 Mar", clearance: "See a professional first", advice: "Talk to a doctor first.",
                consultFirst: true, yes: ["Chest pain?"]),
            plan: .init(weeks: "8 weeks", sessionsPerWeek: "3 sessions a week", currentWeek: "Week 2 of 8: Build"),
            decision: .init(action: "Hold", stop: true, changes: ["speed: 2 → 2.2"], reasons: ["Pain rose."]),
            hasSessions: true,
            sessions: [
                .init(
                    date: "Mon 2 Mar 2026, 08:00 UTC", program: "First steps", status: "completed", minutes: "10 min",
                    distance: "0.5 km", painDuring: "7/10", painAfter: "3/10", painNextMorning: "not yet",
                    handrail: "two hands", nearFall: "No")
            ], hasAssessments: true,
            assessments: [
                .init(date: "Mon 2 Mar", kind: "3-metre backward walk test", result: "5.20 s", notes: "First.")
            ], hasOpenFlags: true,
            openFlags: [.init(flag: flag, key: "pain-during:s1", index: 1, note: "Called her.", error: "Too long.")],
            hasReviewedFlags: true,
            reviewedFlags: [.init(flag: flag, by: "Dr Lee", when: "Mon 2 Mar 2026, 09:00 UTC", note: "Called her.")],
            messages: .init(
                hasMessages: true, newCount: "1 new message",
                entries: [.init(message: message, clinicalNote: true)], kinds: choices, sessions: choices,
                text: "Knee settled.", errors: .everyField),
            reviewTime: .init(
                date: "2026-03-02", today: "2026-03-02", minutes: "20", interactive: true, note: "Call",
                errors: .everyField, month: "2026-03", monthLabel: "March 2026")),
        MessagesViewModel(
            chrome: chrome("Messages"), hasCareTeam: true, careTeam: "Knee Clinic", hasMessages: true,
            newCount: "1 new message", messages: [message], text: "Sore today.", sessions: choices,
            errors: .everyField),
        ReportViewModel(
            chrome: chrome("Monthly report: Sam"), clientId: "c1", clientName: "Sam", practice: "Knee Clinic",
            consentSince: "Mon 2 Mar 2026, 08:00 UTC", month: "2026-03", monthLabel: "March 2026",
            firstDay: "2026-03-01", lastDay: "2026-03-31", periodDays: 31, toDate: true,
            generatedAt: "Mon 16 Mar 2026, 08:00 UTC", preparedBy: "Dr Lee", previousMonth: "2026-02",
            nextMonth: "2026-04", daysWithData: 2, hasDaysWithData: true, dayList: ["2026-03-02", "2026-03-04"],
            sessionsRecorded: 3, sessionsCompleted: 2, sessionsPlanned: 6, minutesDone: "25 min",
            minutesPlanned: "60 min", hasSessions: true,
            sessions: [
                .init(
                    date: "Mon 2 Mar 2026, 08:00 UTC", program: "First steps", status: "completed", minutes: "10 min",
                    peakPain: "7/10")
            ], painTrend: "Rising", highestPain: "7/10", hasPain: true,
            pain: [
                .init(
                    date: "Mon 2 Mar 2026, 08:00 UTC", peak: "7/10", during: "7/10", after: "3/10", nextMorning: "2/10")
            ], hasOutcomes: true,
            outcomes: [
                .init(
                    name: "Timed Up and Go", threshold: "MCID 3.4 s",
                    points: [
                        .init(
                            date: "2026-03-02", value: "11.00 s", band: "Lower fall risk",
                            change: "-4.00 s from the first result",
                            meaning: "Clinically important improvement")
                    ])
            ], hasFlags: true,
            flags: [.init(flag: flag, acknowledged: false, handling: "Not acknowledged")],
            hasPrescriptionChanges: true,
            prescriptionChanges: [
                .init(
                    version: 2, date: "Mon 2 Mar 2026, 08:00 UTC", by: "Dr Lee", reason: "Knee flared up",
                    changes: ["Speed limit: the safety policy's → 0.4 m/s"])
            ], reviewMinutes: 35, hasReviewTime: true,
            reviewEntries: [.init(date: "2026-03-02", minutes: 20, by: "Dr Lee", interactive: "Yes", note: "Call")],
            byProfessional: [.init(name: "Dr Lee", minutes: 35)], hasInteractive: true,
            interactiveDates: ["2026-03-02"]),
    ]

    static let message = MessageRow(
        author: "Dr Lee", when: "Mon 2 Mar 2026, 08:00 UTC", text: "How is the knee?", mine: true, unread: true,
        about: "About your session of Mon 2 Mar 2026, 08:00 UTC (First steps)")

    static let flag = FlagRow(
        label: "Pain during the session", reason: "Pain 7/10 during or after the session (threshold 5)",
        raised: "Mon 2 Mar 2026, 08:00 UTC", urgent: true)
}
