import Foundation
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<database>.lock`, held while a process opens, creates or migrates the
/// database.
///
/// Without it, processes opening one new database together fail: two GRDB migrators both see an empty
/// schema and the second one hits "table already exists", and switching a fresh file to WAL mode can
/// fail with "database is locked" even with a busy timeout. Serializing the open sequence across
/// processes cures both; the lock is released as soon as the database is open and up to date, so it
/// never slows down the work itself. The lock file stays in place (removing it would race with a process
/// about to lock it); it is empty.
///
/// It owns the file descriptor, and closes it (releasing the lock) on ``release()`` or deinit.
final class SQLiteFileLock {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// Waits up to `timeout` seconds for the lock, polling and sleeping the calling thread in between:
    /// call it from a thread of its own, not from Swift's cooperative pool.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/busy`` after the timeout,
    ///   ``MOCacheError/Code/readOnly`` or ``MOCacheError/Code/permissionDenied`` when the lock file
    ///   cannot be made.
    static func acquire(_ lockPath: String, databasePath: String, timeout: TimeInterval) throws -> SQLiteFileLock {
        var descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        var code = errno
        if descriptor < 0 && (code == EACCES || code == EPERM) {
            // A lock file made by another user: locking works through a read-only descriptor too.
            descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            switch code {
            case EROFS:
                throw MOCacheError.readOnly(databasePath, detail: "the file system is read-only")
            case EACCES, EPERM:
                let folder = (lockPath as NSString).deletingLastPathComponent
                if access(folder, X_OK) != 0 {
                    throw MOCacheError.permissionDenied(databasePath)
                }
                throw MOCacheError.readOnly(
                    databasePath, detail: "cannot create its lock file \(lockPath): \(String(cString: strerror(code)))")
            default:
                throw MOCacheError.storeFailure(
                    databasePath, detail: "cannot open its lock file \(lockPath): \(String(cString: strerror(code)))")
            }
        }
        let lock = SQLiteFileLock(descriptor: descriptor)
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 1000
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw MOCacheError.storeFailure(
                    databasePath, detail: "cannot lock \(lockPath): \(String(cString: strerror(code)))")
            }
            guard Date() < deadline else {
                throw MOCacheError.busy(databasePath, seconds: timeout)
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        return lock
    }

    /// Releases the lock. Calling it again does nothing.
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
