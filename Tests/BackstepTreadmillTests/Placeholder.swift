import Testing

@testable import BackstepTreadmill
