import Foundation
import GRDB
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns what GRDB and SQLite throw into ``MOCacheError``s that say what happened and what to do.
enum SQLiteErrorTranslation {
    /// The ``MOCacheError`` for any error thrown while using the database at `path`.
    ///
    /// - Parameters:
    ///   - error: What was thrown. ``MOCacheError``s and cancellations pass through unchanged.
    ///   - path: The database file.
    ///   - busyTimeout: The busy timeout in force, named by the error for a locked database.
    ///   - systemErrno: The `errno` of SQLite's last failed system call, when it was captured; it tells
    ///     a full disk (`ENOSPC`, `EFBIG`) from other I/O errors.
    static func translate(
        _ error: any Error, path: String, busyTimeout: TimeInterval, systemErrno: Int32 = 0
    ) -> any Error {
        switch error {
        case let error as MOCacheError:
            return error
        case is CancellationError:
            return error
        case let error as SQLiteUnreadableValue:
            return MOCacheError.corruptValue(path, column: error.column, detail: error.detail)
        case let error as SQLiteSystemErrno:
            return translate(error.underlying, path: path, busyTimeout: busyTimeout, systemErrno: error.errno)
        case let error as DatabaseError:
            return translate(error, path: path, busyTimeout: busyTimeout, systemErrno: systemErrno)
        default:
            return MOCacheError.storeFailure(path, detail: String(describing: error))
        }
    }

    private static func translate(
        _ error: DatabaseError, path: String, busyTimeout: TimeInterval, systemErrno: Int32
    ) -> MOCacheError {
        let detail = describe(error)
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return MOCacheError.notADatabase(path, detail: detail)
        case .SQLITE_READONLY:
            return MOCacheError.readOnly(path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return MOCacheError.busy(path, seconds: busyTimeout)
        case .SQLITE_FULL:
            return MOCacheError.diskFull(path, detail: detail)
        case .SQLITE_PERM, .SQLITE_AUTH:
            return MOCacheError.permissionDenied(path)
        case .SQLITE_CANTOPEN:
            return cannotOpen(path, detail: detail, systemErrno: systemErrno)
        case .SQLITE_IOERR:
            switch systemErrno {
            case ENOSPC, EFBIG, EDQUOT:
                return MOCacheError.diskFull(path, detail: "\(detail); \(String(cString: strerror(systemErrno)))")
            case EACCES, EPERM:
                return MOCacheError.permissionDenied(path)
            case EROFS:
                return MOCacheError.readOnly(path, detail: "the file system is read-only")
            default:
                let system = systemErrno == 0 ? "" : "; \(String(cString: strerror(systemErrno)))"
                return MOCacheError.storeFailure(path, detail: "input/output error (\(detail)\(system))")
            }
        case .SQLITE_CONSTRAINT:
            return MOCacheError(
                .invalidInput,
                "A value does not fit the schema of \(path) (\(detail)). Hashes are 64 lowercase hex characters, "
                    + "ids and names are not empty, and paths are absolute.",
                path: path)
        case .SQLITE_MISUSE where error.message == "Connection is closed":
            return MOCacheError.storeClosed(path)
        default:
            return MOCacheError.storeFailure(path, detail: detail)
        }
    }

    /// The error for a database file SQLite could not open, after asking the file system why.
    static func cannotOpen(_ path: String, detail: String, systemErrno: Int32) -> MOCacheError {
        switch systemErrno {
        case EACCES, EPERM:
            return MOCacheError.permissionDenied(path)
        case EROFS:
            return MOCacheError.readOnly(path, detail: "the file system is read-only")
        case ENOENT:
            return MOCacheError.databaseMissing(path)
        default:
            break
        }
        let folder = (path as NSString).deletingLastPathComponent
        if access(path, R_OK) != 0 && errno == EACCES {
            return MOCacheError.permissionDenied(path)
        }
        if access(folder, W_OK) != 0 || access(path, W_OK) != 0 {
            return MOCacheError.readOnly(path, detail: "cannot open it for writing: \(detail)")
        }
        return MOCacheError.storeFailure(path, detail: "SQLite cannot open it (\(detail))")
    }

    /// SQLite's own words for an error, with its extended code.
    static func describe(_ error: DatabaseError) -> String {
        let message = error.message ?? "SQLite error"
        return "\(message) (SQLite error \(error.extendedResultCode.rawValue))"
    }
}
