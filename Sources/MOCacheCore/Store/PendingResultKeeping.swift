import Foundation

/// A store that can keep a finished job's result aside, durably, when it cannot write it now, and
/// writes it in the next time it is opened for writing.
///
/// The cached wrappers use it as the last resort of the rule that a job that was paid for keeps its
/// result: when the finishing write cannot be done (the process must stop on a signal while another
/// process holds the database locked, or the disk is full), the result goes to a small file beside
/// the store instead of being lost. The SQLite store keeps such files in `<database>.pending/`.
package protocol PendingResultKeeping: Sendable {
    /// Writes `run` (a succeeded run) where the next open of the store for writing finds it, durably
    /// (synced to disk) before returning.
    ///
    /// - Returns: The path of the file that holds it.
    /// - Throws: When the file cannot be written either.
    func keepForLater(_ run: TrainingRunRecord) throws -> String
}
