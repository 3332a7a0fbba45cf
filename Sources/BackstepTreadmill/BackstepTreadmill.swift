/// Treadmills in Backstep's terms: the simulated FTMS treadmill and the FTMS driver that turns the engine's
/// `TreadmillCommand`s into control-point bytes and notification bytes into `TreadmillObservation`s.
///
/// Pure: time is passed in; no Bluetooth, sockets or clocks here.
///
/// - ``SimulatedTreadmill``: the peripheral side, a belt model that speaks FTMS bytes, with injectable faults.
/// - ``FTMSTreadmillDriver``: the central side, wrapping `FTMSCodec.ControlSession`.
/// - ``TreadmillLoop``: both wired together in memory with simulated time, for tests and property tests.
public enum BackstepTreadmill {}
