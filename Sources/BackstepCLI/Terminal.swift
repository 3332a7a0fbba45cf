import BackstepCore
import BackstepLive
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal: whether it is interactive, raw key input, and restoring it afterwards.
final class Terminal: @unchecked Sendable {
    /// Standard input and output are both terminals.
    let interactive: Bool
    private var saved = termios()
    private var raw = false

    init() {
        interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    /// Switches standard input to single-key mode without echo.
    func enterRawMode() {
        guard interactive, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var settings = saved
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        raw = true
        FileHandle.standardOutput.write(Data("\u{1B}[?25l".utf8))  // hide the cursor
    }

    /// Restores the terminal as it was.
    func restore() {
        guard raw else { return }
        var settings = saved
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        raw = false
        FileHandle.standardOutput.write(Data("\u{1B}[?25h".utf8))
    }

    /// Reads keys (interactive) or command lines (a pipe) on a background thread into `queue`.
    func startReading(into queue: InputQueue) {
        let interactive = self.interactive
        Thread.detachNewThread {
            if interactive {
                var byte: UInt8 = 0
                while read(STDIN_FILENO, &byte, 1) == 1 {
                    if let input = Self.input(forKey: byte) { queue.push(input) }
                    if byte == UInt8(ascii: "q") {
                        queue.requestEnd()
                        break
                    }
                }
            } else {
                while let line = readLine() {
                    if line.trimmingCharacters(in: .whitespaces).lowercased() == "quit" {
                        queue.requestEnd()
                        break
                    }
                    if let input = Self.input(forLine: line) { queue.push(input) }
                }
                queue.close()
            }
        }
    }

    /// Keys: space start/pause, s stop, p pain stop, n next, d done, + and − speed, e extend, q quit.
    static func input(forKey byte: UInt8) -> SessionInput? {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\n"): .togglePause
        case UInt8(ascii: "s"): .userStop
        case UInt8(ascii: "p"): .painStop
        case UInt8(ascii: "n"): .skip
        case UInt8(ascii: "d"): .markDone
        case UInt8(ascii: "+"), UInt8(ascii: "="): .speedUp
        case UInt8(ascii: "-"): .slowDown
        case UInt8(ascii: "e"): .extend(30)
        default: nil
        }
    }

    /// Command lines on a pipe: start, pause, resume, stop, pain, next, done, faster, slower, extend.
    static func input(forLine line: String) -> SessionInput? {
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "start", "resume": .userStart
        case "pause": .userPause
        case "stop": .userStop
        case "pain": .painStop
        case "next", "skip": .skip
        case "done": .markDone
        case "faster", "+": .speedUp
        case "slower", "-": .slowDown
        case "extend": .extend(30)
        default: nil
        }
    }
}
