/// The Bluetooth Fitness Machine Service codec (treadmill subset).
///
/// Pure: bytes in, values out, and back. No Bluetooth I/O lives here.
public enum FTMS {}
