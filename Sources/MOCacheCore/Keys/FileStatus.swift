import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fields of `stat(2)` that mocache uses.
struct FileStatus {
    /// The identity for the memo.
    let identity: FileIdentity
    /// Whether it is a regular file (not a pipe or a device, whose identity says nothing about
    /// their content).
    let isRegularFile: Bool

    /// Looks at the file at `path`, following symbolic links.
    ///
    /// - Throws: ``MOCacheError`` with code `datasetMissing` when it does not exist, cannot be looked
    ///   at, or is a folder.
    init(path: String) throws {
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
    }
}
