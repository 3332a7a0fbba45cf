/// Treadmills in Backstep's terms: the simulated FTMS treadmill and the FTMS driver that turns the engine's
/// `TreadmillCommand`s into control-point bytes and notification bytes into `TreadmillObservation`s.
///
/// Pure: time is passed in; no Bluetooth, sockets or clocks here.
public enum BackstepTreadmill {}
