import Testing
@testable import BackstepCLI
