import GRDBSQLite
import MOCacheCore

/// The `file:` URI that opens a database file as immutable: no locks, no `-shm` file.
///
/// A read-only store needs it for a WAL database in a folder it cannot write to, where SQLite cannot
/// make the `-shm` file that WAL readers share. Reading without locks is safe there because no process
/// can be writing the file: a writer would have made its `-wal` and `-shm` files next to it.
enum SQLiteImmutableURI {
    /// Whether the linked SQLite reads `file:` URIs given as plain file names, as GRDB passes them
    /// (SQLite compiled with `SQLITE_USE_URI`, as Debian and Ubuntu ship it).
    static var isSupported: Bool {
        sqlite3_compileoption_used("USE_URI") != 0
    }

    /// `file:/path/to/cache.sqlite?immutable=1`, with the path percent-encoded.
    static func make(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return "file:" + encoded + "?immutable=1"
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
