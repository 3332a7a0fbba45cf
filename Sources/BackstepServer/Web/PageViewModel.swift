import BackstepStorage
import Foundation

/// A page's view model: exactly the values its template reads, typed, and rendered by the template its type
/// names (`Templates.render(_:)`). Conforming types hold `String`, `Bool` and `Int` values, arrays and optionals
/// of them, and nested structs of the same; an optional section (`{{#x}}`) is an optional (nil renders nothing).
/// Every type is listed in `PageViewModels.all`, and `TemplateViewModelTests` checks each against its template.
protocol PageViewModel: Encodable, Sendable {
    /// The template (its file name in `Resources/Templates` without `.mustache`) that renders this page.
    static var template: String { get }
    /// What the shared header reads; the template sees its keys at the top level, next to the page's own.
    var chrome: PageChrome { get }
}

/// Every page view-model type: the templates `Templates.load()` checks at startup and the ones
/// `TemplateViewModelTests` renders, each template belonging to exactly one type.
enum PageViewModels {
    /// The registry.
    static let all: [any PageViewModel.Type] = [
        HomeViewModel.self, SignUpViewModel.self, SignInViewModel.self, OnboardingViewModel.self,
        ScreeningViewModel.self, ProgramsViewModel.self, ProgramViewModel.self, PlanViewModel.self,
        LiveViewModel.self, HistoryViewModel.self, SessionViewModel.self, FeedbackViewModel.self,
        DashboardViewModel.self, AssessmentsViewModel.self, SettingsViewModel.self, ErrorViewModel.self,
        PracticeViewModel.self, InvitationViewModel.self, CareTeamViewModel.self, AccessLogViewModel.self,
        ClientsViewModel.self, ClientViewModel.self, WatchViewModel.self, MessagesViewModel.self,
        ReportViewModel.self,
    ]
}

/// What `header.mustache` reads on every page: the title, who is signed in and whether they are a coach or
/// clinician (which navigation they get), the CSRF token of the sign-out form (and of the page's own forms), and
/// whether to show the error summary.
struct PageChrome: Encodable, Sendable {
    /// The page's title (`<title>` and `<h1>`).
    var title: String
    /// Whether someone is signed in (the main navigation and the sign-out form).
    var signedIn: Bool
    /// The signed-in user's name, empty when nobody is.
    var userName: String
    /// Whether the signed-in user is a coach or clinician (clients and practice in the navigation).
    var isProfessional: Bool
    /// The CSRF token every form of the page sends.
    var csrf: String
    /// Whether the page shows field errors (the summary above the form).
    var hasErrors: Bool
    /// How many messages from their care team the signed-in client has not read, when there are any: the
    /// navigation says "Messages (N)".
    var unreadMessages: Int?

    /// The chrome of a page for the request's identity; `errors` are all the page's field errors, shown or not.
    init(_ context: AppRequestContext, title: String, errors: [String: String] = [:]) {
        self.init(
            title: title, signedIn: context.identity != nil, userName: context.identity?.user.name ?? "",
            isProfessional: context.identity?.user.role == .professional, csrf: context.csrfToken,
            hasErrors: !errors.isEmpty, unreadMessages: context.unreadMessages)
    }

    /// The chrome of a page for the signed-in user; `errors` are all the page's field errors, shown or not.
    init(_ context: SignedInContext, title: String, errors: [String: String] = [:]) {
        self.init(
            title: title, signedIn: true, userName: context.user.name,
            isProfessional: context.user.role == .professional, csrf: context.csrfToken, hasErrors: !errors.isEmpty,
            unreadMessages: context.unreadMessages)
    }

    /// Chrome with every value given; an unread count of zero shows no count.
    init(
        title: String, signedIn: Bool, userName: String, isProfessional: Bool = false, csrf: String, hasErrors: Bool,
        unreadMessages: Int? = nil
    ) {
        self.title = title
        self.signedIn = signedIn
        self.userName = userName
        self.isProfessional = isProfessional
        self.csrf = csrf
        self.hasErrors = hasErrors
        self.unreadMessages = unreadMessages.flatMap { $0 > 0 ? $0 : nil }
    }
}

/// The fields a form's template shows errors next to (`{{#errors.age}}`): a `String` enum whose raw values are the
/// form's field names.
protocol FormFields: CodingKey, CaseIterable, Sendable {}

/// A form's field errors as its template reads them (`errors.<field>` is the message): only the fields `Field`
/// names, so a template cannot read a field the view model does not declare.
struct FieldErrors<Field: FormFields>: Encodable, Sendable, CustomReflectable {
    /// The messages by field name.
    private(set) var messages: [String: String]

    /// The errors of `errors` that belong to one of `Field`'s fields.
    init(_ errors: [String: String] = [:]) {
        messages = errors.filter { Field(stringValue: $0.key) != nil }
    }

    /// Templates look fields up by name through the mirror: its children are the messages.
    var customMirror: Mirror {
        Mirror(
            self,
            children: Field.allCases.compactMap { field -> Mirror.Child? in
                messages[field.stringValue].map { (label: field.stringValue, value: $0) }
            })
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Field.self)
        for field in Field.allCases { try container.encodeIfPresent(messages[field.stringValue], forKey: field) }
    }
}

/// One option of a select or radio group.
struct Choice: Encodable, Sendable {
    /// The submitted value.
    var value: String
    /// What the option says.
    var label: String
    /// Whether it is the current choice.
    var selected: Bool
}

extension Choice {
    /// The unit choices of the profile and settings forms, `current` selected.
    static func units(selected current: String) -> [Choice] {
        [
            Choice(value: "metric", label: "km/h and kg", selected: current == "metric"),
            Choice(value: "imperial", label: "mph and lb", selected: current == "imperial"),
        ]
    }
}

/// The error page (any status but a redirect).
struct ErrorViewModel: PageViewModel {
    static let template = "error"
    var chrome: PageChrome
    /// What went wrong, for people.
    var message: String
}
