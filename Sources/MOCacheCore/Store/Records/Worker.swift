import Foundation

/// The process doing a job, as recorded in the store so people can see who ran what.
public struct Worker: Hashable, Codable, Sendable {
    /// A token unique to this worker, used as the lease owner.
    public let owner: String
    /// The host name.
    public let host: String
    /// The process id.
    public let pid: Int32

    /// Makes a worker identity.
    public init(owner: String, host: String, pid: Int32) {
        self.owner = owner
        self.host = host
        self.pid = pid
    }

    /// This process: host name, process id and a random token made once per process.
    ///
    /// Its owner token is `host:pid:start:token`, where `start` is the process's start time where the
    /// system tells it (Linux): a waiter on the same host can then prove that the holder of a lease is gone
    /// (``isProvablyGone(owner:host:)``) and take the entry over at once instead of waiting out the lease.
    public static let current: Worker = {
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let token = UUID().uuidString.prefix(8).lowercased()
        let start = startTime(of: pid).map { "\($0):" } ?? ""
        return Worker(owner: "\(host):\(pid):\(start)\(token)", host: host, pid: pid)
    }()
}
