import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fields of `stat(2)` that mocache uses.
package struct FileStatus {
    /// The identity for the memo.
    package let identity: FileIdentity
    /// Whether it is a regular file (not a pipe or a device, whose identity says nothing about
    /// their content).
    package let isRegularFile: Bool
    /// What kind of file it is, in words: `a named pipe (FIFO)`.
    package let kindDescription: String

    /// Looks at the file at `path`, following symbolic links.
    ///
    /// - Throws: ``MOCacheError`` with code `datasetMissing` when it does not exist, cannot be looked
    ///   at, or is a folder.
    package init(path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { throw FileDigest.unreadable(path, errno: errno) }
        let kind = status.st_mode & S_IFMT
        guard kind != S_IFDIR else { throw FileDigest.unreadable(path, errno: EISDIR) }
        #if canImport(Darwin)
            let modified = status.st_mtimespec
        #else
            let modified = status.st_mtim
        #endif
        identity = FileIdentity(
            path: FilePaths.absolute(path),
            device: UInt64(truncatingIfNeeded: status.st_dev),
            inode: UInt64(truncatingIfNeeded: status.st_ino),
            size: Int64(status.st_size),
            modificationTimeNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec))
        isRegularFile = kind == S_IFREG
        kindDescription =
            switch kind {
            case S_IFREG: "a regular file"
            case S_IFIFO: "a named pipe (FIFO)"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
    }

    /// The error for a dataset that is not a regular file.
    ///
    /// A dataset is hashed and then read by the job: only a regular file gives both the same bytes (a
    /// pipe gives its bytes once, and opening one can wait forever for a writer).
    package func notRegular(_ path: String) -> MOCacheError {
        MOCacheError(
            .datasetMissing,
            "Dataset \(FilePaths.absolute(path)) is \(kindDescription), not a regular file. A dataset is hashed "
                + "and then read by the job, so it must be a regular file: write the data to a file and give "
                + "that file.",
            path: FilePaths.absolute(path))
    }
}
