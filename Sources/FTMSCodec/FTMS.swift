/// The Bluetooth Fitness Machine Service codec (treadmill subset).
///
/// Pure: bytes in, values out, and back. No Bluetooth I/O lives here, and nothing reads a clock.
/// All multi-byte integers on the wire are little-endian (FTMS v1.0.1 §3 and Bluetooth Core
/// Vol 3 Part G §3.3.3.x: GATT values are transmitted least significant octet first).
///
/// Characteristics covered, each with a paired `init(decoding:)` and `encode()`:
/// - ``FitnessMachineFeature`` (0x2ACC)
/// - ``TreadmillData`` (0x2ACD), with ``TreadmillDataReassembler`` for records split over notifications
/// - ``TrainingStatus`` (0x2AD3)
/// - ``SupportedSpeedRange`` (0x2AD4) and ``SupportedInclinationRange`` (0x2AD5)
/// - ``ControlPointRequest`` and ``ControlPointResponse`` (0x2AD9)
/// - ``FitnessMachineStatus`` (0x2ADA)
///
/// ``ControlSession`` is the control-point procedure state machine built on top of the codec.
public enum FTMS {
    /// The 16-bit UUID of the Fitness Machine Service (FTMS v1.0.1 §1; Bluetooth Assigned Numbers).
    public static let serviceUUID: UInt16 = 0x1826

    /// The 16-bit UUIDs of the characteristics a treadmill client uses (FTMS v1.0.1 §4, Table 4.1).
    public enum CharacteristicUUID {
        /// Fitness Machine Feature: read, 8 bytes.
        public static let fitnessMachineFeature: UInt16 = 0x2ACC
        /// Treadmill Data: notify.
        public static let treadmillData: UInt16 = 0x2ACD
        /// Training Status: read and notify.
        public static let trainingStatus: UInt16 = 0x2AD3
        /// Supported Speed Range: read.
        public static let supportedSpeedRange: UInt16 = 0x2AD4
        /// Supported Inclination Range: read.
        public static let supportedInclinationRange: UInt16 = 0x2AD5
        /// Fitness Machine Control Point: write and indicate.
        public static let controlPoint: UInt16 = 0x2AD9
        /// Fitness Machine Status: notify.
        public static let fitnessMachineStatus: UInt16 = 0x2ADA
    }
}
