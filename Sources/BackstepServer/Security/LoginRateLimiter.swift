import Foundation

/// Counts failed sign-ins per key (the e-mail address) in a sliding window and refuses further attempts once the
/// limit is reached, until the oldest failure leaves the window.
actor LoginRateLimiter {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    func retryAfter(_ key: String, now: Date) -> TimeInterval? {
        let recent = prune(key, now: now)
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, oldest.addingTimeInterval(window).timeIntervalSince(now))
    }

    /// Records a failed attempt.
    func recordFailure(_ key: String, now: Date) {
        var recent = prune(key, now: now)
        recent.append(now)
        failures[key] = recent
        if failures.count > 100_000 { failures = failures.filter { !$0.value.isEmpty } }
    }

    /// Forgets the failures after a successful sign-in.
    func reset(_ key: String) { failures[key] = nil }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
