import ArgumentParser
import BackstepCore

/// The root `backstep` command.
public struct BackstepCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backstep",
        abstract: "Plan, guide and track backward (retro) walking training.",
        version: Backstep.version,
        subcommands: [
            ProgramsCommand.self, ProgramCommand.self, PlanCommand.self, RunCommand.self, EnergyCommand.self,
            NextCommand.self, AssessCommand.self, ProfileCommand.self, LogCommand.self, HistoryCommand.self,
            StatsCommand.self, ExportCommand.self, ImportCommand.self, DBCommand.self, FTMSCommand.self,
            ServeCommand.self, ClientsCommand.self, ReportCommand.self,
        ]
    )

    public init() {}
}
