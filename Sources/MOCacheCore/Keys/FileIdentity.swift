/// What the file system says about a file, enough to know it has not changed since it was hashed.
///
/// The hash memo is keyed by these fields: when all of them match, the stored hash is served and the
/// file is never read again. Any change (a rewrite, a touch, a copy over it) means hashing again.
public struct FileIdentity: Hashable, Codable, Sendable {
    /// The absolute path.
    public let path: String
    /// The device the file is on.
    public let device: UInt64
    /// The file's inode number.
    public let inode: UInt64
    /// The size in bytes.
    public let size: Int64
    /// The modification time, in nanoseconds since 1970.
    public let modificationTimeNanoseconds: Int64

    /// Makes an identity from its parts.
    public init(path: String, device: UInt64, inode: UInt64, size: Int64, modificationTimeNanoseconds: Int64) {
        self.path = path
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}
