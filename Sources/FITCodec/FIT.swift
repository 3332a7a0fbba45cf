/// The Garmin FIT file codec: namespace and protocol constants.
///
/// Pure: bytes in, messages out, and back. No file I/O, clocks or Foundation live here.
///
/// Facts used throughout this target come from the Garmin FIT protocol description
/// (developer.garmin.com/fit/protocol) and the profile tables of the Garmin FIT SDK,
/// profile version 21.218 (`garmin/fit-python-sdk` `garmin_fit_sdk/profile.py` and `fit.py`,
/// PyPI `garmin-fit-sdk` 21.218.0), as summarised in the project's
/// `protocols-formats.md` §2.
public enum FIT {
    /// Seconds between the Unix epoch and the FIT epoch, 1989-12-31T00:00:00Z.
    ///
    /// A FIT `date_time` plus this value is Unix time (`FIT_EPOCH_S`, garmin-fit-sdk README).
    public static let unixEpochOffset: Int64 = 631_065_600

    /// The smallest `date_time` that is an absolute date; smaller values are relative "system time"
    /// (profile type `date_time`, minimum 0x10000000).
    public static let minimumAbsoluteDateTime: UInt32 = 0x1000_0000

    /// The four signature bytes at offset 8 of every file header: ASCII ".FIT".
    public static let signature: [UInt8] = [0x2E, 0x46, 0x49, 0x54]

    /// The profile version this codec's typed layer follows, as Garmin's encoder writes it (major × 1000 + minor).
    public static let profileVersion: UInt16 = 21218

    /// Protocol version 2.0 (high nibble major, low nibble minor), needed for developer fields.
    public static let protocolVersion2: UInt8 = 0x20

    /// The largest local message type number (the local table has 16 slots).
    public static let maximumLocalMessageType: UInt8 = 15
}

/// The byte order of a data message's multi-byte fields, chosen by its definition message.
public enum FITArchitecture: UInt8, Sendable, Equatable, Hashable {
    /// Architecture byte 0: least significant byte first.
    case littleEndian = 0
    /// Architecture byte 1: most significant byte first.
    case bigEndian = 1
}
