import BackstepCore
import BackstepStorage
import Foundation
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    static let client = UserID()
    static let coach = Actor(userId: UserID(), role: .professional)
    static let athlete = Actor(userId: UserID(), role: .athlete)
    static let admin = Actor(userId: UserID(), role: .admin)

    /// One row: who acts, with which link to the client, what they try, and the expected decision.
    struct Rule: Sendable, CustomTestStringConvertible {
        var name: String
        var actor: Actor
        var link: CareLinkState
        var action: AccessAction
        var expected: AccessDecision
        var testDescription: String { "\(name): \(action.rawValue)" }
    }

    static let rules: [Rule] = {
        var rules: [Rule] = []
        let me = Actor(userId: client, role: .athlete)
        for action in AccessAction.allCases {
            // Self: everything, whatever a link says.
            rules.append(Rule(name: "self", actor: me, link: .none, action: action, expected: .allowed))
            rules.append(
                Rule(name: "self, revoked link", actor: me, link: .revoked, action: action, expected: .allowed))
            // Strangers and roles that never act for others.
            rules.append(
                Rule(name: "coach, no link", actor: coach, link: .none, action: action, expected: .denied(.noConsent)))
            rules.append(
                Rule(
                    name: "coach, invited", actor: coach, link: .invited, action: action, expected: .denied(.noConsent))
            )
            rules.append(
                Rule(
                    name: "coach, revoked", actor: coach, link: .revoked, action: action, expected: .denied(.noConsent))
            )
            for link in [CareLinkState.none, .active(.prescribe)] {
                rules.append(
                    Rule(
                        name: "athlete stranger", actor: athlete, link: link, action: action,
                        expected: .denied(.roleCannotActForOthers)))
                rules.append(
                    Rule(
                        name: "administrator", actor: admin, link: link, action: action,
                        expected: .denied(.roleCannotActForOthers)))
            }
        }
        // Consent scopes.
        let scoped: [(CareScope, AccessAction, AccessDecision)] = [
            (.read, .read, .allowed),
            (.read, .prescribe, .denied(.outOfScope)),
            (.read, .record, .denied(.outOfScope)),
            (.read, .manageAccount, .denied(.outOfScope)),
            (.prescribe, .read, .allowed),
            (.prescribe, .prescribe, .allowed),
            (.prescribe, .record, .denied(.outOfScope)),
            (.prescribe, .manageAccount, .denied(.outOfScope)),
        ]
        for (scope, action, expected) in scoped {
            rules.append(
                Rule(
                    name: "coach, consent to \(scope.rawValue)", actor: coach, link: .active(scope), action: action,
                    expected: expected))
        }
        return rules
    }()

    @Test("Rule table", arguments: rules)
    func rule(_ rule: Rule) {
        #expect(AccessPolicy.decide(rule.actor, rule.action, subject: Self.client, link: rule.link) == rule.expected)
    }

    @Test("Every action and link state has a rule for a coach")
    func tableCoversEveryCase() {
        let links: [CareLinkState] = [.none, .invited, .revoked] + CareScope.allCases.map { .active($0) }
        for link in links {
            for action in AccessAction.allCases {
                #expect(
                    Self.rules.contains { $0.actor == Self.coach && $0.link == link && $0.action == action },
                    "no rule for \(link) \(action)")
            }
        }
    }

    @Test("require throws the refusal with its reason, and passes what decide allows")
    func requireThrows() throws {
        #expect(throws: AccessDenied(actor: Self.coach, subject: Self.client, action: .read, reason: .noConsent)) {
            try AccessPolicy.require(Self.coach, .read, subject: Self.client)
        }
        try AccessPolicy.require(Self.coach, .read, subject: Self.client, link: .active(.read))
        try AccessPolicy.require(Actor(userId: Self.client, role: .athlete), .manageAccount, subject: Self.client)
    }
}
