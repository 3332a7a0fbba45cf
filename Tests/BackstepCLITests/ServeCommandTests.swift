import ArgumentParser
import BackstepCLI
import Testing

/// `backstep serve` refuses out-of-range settings before it opens anything, naming the option.
struct ServeCommandTests {
    @Test(
        "An out-of-range setting names its option",
        arguments: [
            (["--live-retention", "-1"], "--live-retention"),
            (["--live-retention", "86401"], "--live-retention"),
            (["--session-speedup", "0.5"], "--session-speedup"),
            (["--bcrypt-cost", "3"], "--bcrypt-cost"),
        ])
    func outOfRange(arguments: [String], option: String) {
        #expect {
            _ = try ServeCommand.parse(arguments)
        } throws: { error in
            ServeCommand.message(for: error).contains(option) && ServeCommand.exitCode(for: error) == .validationFailure
        }
    }

    @Test("Settings in range parse", arguments: [["--live-retention", "0"], ["--live-retention", "86400"], []])
    func inRange(arguments: [String]) throws {
        _ = try ServeCommand.parse(arguments)
    }
}
