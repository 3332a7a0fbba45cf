import Testing
@testable import FITCodec
