import GRDB
import MOCacheCore

/// An SQLite error together with the `errno` of SQLite's last failed system call on that connection.
///
/// The errno is only readable on the connection, inside the database access; carrying it out lets the
/// store tell a full disk from other input/output errors.
struct SQLiteSystemErrno: Error {
    /// The error SQLite returned.
    let underlying: DatabaseError
    /// `sqlite3_system_errno()` right after the failure; 0 when unknown.
    let errno: Int32
}
