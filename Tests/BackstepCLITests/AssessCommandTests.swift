import ArgumentParser
import BackstepCore
import Foundation
import Testing

@testable import BackstepCLI

@Suite("assess command")
struct AssessCommandTests {
    @Test("A community older adult at 4.8 s is at high fall risk")
    func highRisk() throws {
        let output = try ThreeMetreBackwardWalkCommand.parse(["--seconds", "4.8"]).render()
        #expect(output.contains("3-metre backward walk test: 4.8 s"))
        #expect(output.contains("high fall risk"))
        #expect(output.contains("community-older-adults"))
        #expect(output.contains("Carter et al., J Geriatr Phys Ther 2019"))
    }

    @Test(
        "Population cut-offs through the command",
        arguments: [
            ("community-older-adults", "2.9", "low fall risk"),
            ("community-older-adults", "3.5", "intermediate"),
            ("older-cohort", "5.4", "below the cut-off"),
            ("older-cohort", "5.5", "high fall risk"),
            ("nursing-home", "8.1", "below the cut-off"),
            ("nursing-home", "8.15", "high fall risk"),
            ("parkinsons", "4.1", "below the cut-off"),
            ("parkinsons", "4.2", "high fall risk"),
        ])
    func populations(population: String, seconds: String, label: String) throws {
        let output = try ThreeMetreBackwardWalkCommand.parse(["--seconds", seconds, "--population", population])
            .render()
        #expect(output.contains("Result: \(label)."))
        #expect(output.contains("(\(population))"))
    }

    @Test("--previous reports the change against the minimal detectable change")
    func previous() throws {
        let output = try ThreeMetreBackwardWalkCommand.parse(["--seconds", "4.0", "--previous", "6.5"]).render()
        #expect(output.contains("Change since 6.5 s: 2.5 s faster"))
        #expect(output.contains("real improvement"))
        let possible = try ThreeMetreBackwardWalkCommand.parse(["--seconds", "4.0", "--previous", "5.8"]).render()
        #expect(possible.contains("possibly real"))
    }

    @Test("JSON output records the population and the change")
    func json() throws {
        let output = try ThreeMetreBackwardWalkCommand.parse(
            ["--seconds", "5.0", "--population", "parkinsons", "--previous", "5.5", "--json"]
        ).render()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["population"] as? String == "parkinsons")
        #expect(object["band"] as? String == "high")
        #expect(object["seconds"] as? Double == 5.0)
        #expect(object["highRiskCutoffSeconds"] as? Double == 4.2)
        #expect(object["averageSpeedMps"] as? Double == 0.6)
        let change = try #require(object["change"] as? [String: Any])
        #expect(change["band"] as? String == "within-error")
        #expect(change["faster"] as? Bool == true)
    }

    @Test(
        "Bad input names the option and exits 64",
        arguments: [
            (["--seconds", "0"], "--seconds"),
            (["--seconds", "-2"], "--seconds"),
            (["--seconds", "121"], "--seconds"),
            (["--seconds", "4", "--population", "astronauts"], "--population"),
            (["--seconds", "4", "--previous", "0"], "--previous"),
        ])
    func badInput(arguments: [String], option: String) throws {
        let command = try ThreeMetreBackwardWalkCommand.parse(arguments)
        do {
            _ = try command.render()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix(option), "\(error)")
            #expect(ThreeMetreBackwardWalkCommand.exitCode(for: error) == .validationFailure)
        }
    }

    @Test("--seconds is required and must be a number")
    func parsing() {
        #expect(throws: (any Error).self) { try ThreeMetreBackwardWalkCommand.parse([]) }
        #expect(throws: (any Error).self) { try ThreeMetreBackwardWalkCommand.parse(["--seconds", "quick"]) }
    }

    @Test("assess dispatches to 3mbwt and shows help on its own")
    func dispatch() throws {
        let parsed = try AssessCommand.parseAsRoot(["3mbwt", "--seconds", "3"])
        let command = try #require(parsed as? ThreeMetreBackwardWalkCommand)
        #expect(try command.render().contains("low fall risk"))
        #expect(try AssessCommand().render().contains("3mbwt"))
    }
}
