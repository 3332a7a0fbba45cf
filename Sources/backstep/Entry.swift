import ArgumentParser
import BackstepCLI

/// The process entry point: everything else lives in `BackstepCLI`, where tests can reach it.
@main
enum Entry {
    static func main() async {
        await BackstepCommand.main()
    }
}
