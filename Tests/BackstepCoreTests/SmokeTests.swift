import Testing
@testable import BackstepCore
