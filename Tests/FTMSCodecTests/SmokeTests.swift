import Testing

@testable import FTMSCodec
