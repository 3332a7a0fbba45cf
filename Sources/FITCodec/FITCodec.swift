/// The Garmin FIT file codec.
///
/// Pure: bytes in, messages out, and back. No file I/O lives here.
public enum FIT {}
