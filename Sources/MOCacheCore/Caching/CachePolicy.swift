/// How a cached wrapper uses the store, per wrapper or per call.
public enum CachePolicy: String, Hashable, Codable, Sendable, CaseIterable {
    /// Serve stored results; run and store what is missing. The default.
    case use
    /// Run again even when a result is stored, and overwrite it.
    case refresh
    /// Serve stored results; run what is missing without writing anything to the store.
    case readOnly = "read-only"
    /// Bypass the store: always run, never read or write.
    case off
}
