import Foundation
import Testing

@testable import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which lease holders a waiter may prove gone (issue 10, item 11): only processes of this host whose
/// pid no longer runs, or now runs a process started at another time.
@Suite("Worker liveness")
struct WorkerLivenessTests {
    static let host = Worker.current.host

    @Test("this process's owner token carries its start time, and it is alive")
    func currentIsAlive() throws {
        let parts = Worker.current.owner.split(separator: ":")
        #expect(parts.count >= 4, "\(Worker.current.owner)")
        #expect(!Worker.isProvablyGone(owner: Worker.current.owner))
    }

    @Test("owners of other hosts, and owner tokens of another shape, are never proven gone")
    func othersAreAlive() {
        #expect(!Worker.isProvablyGone(owner: "elsewhere:4194303:12345:abcd1234"))
        #expect(!Worker.isProvablyGone(owner: "alice"))
        #expect(!Worker.isProvablyGone(owner: "\(Self.host):4194303:abcd1234"))
    }

    @Test("a pid that runs no process is gone")
    func missingProcessIsGone() {
        // The largest pid Linux hands out; nothing runs under it on a test machine.
        #expect(Worker.isProvablyGone(owner: "\(Self.host):4194303:12345:abcd1234"))
    }

    @Test("a pid that now runs a process started at another time is gone; at the same time, alive")
    func reusedPidIsGone() throws {
        let pid: Int32 = 1
        guard kill(pid, 0) == 0, let start = Worker.startTime(of: pid) else { return }
        #expect(!Worker.isProvablyGone(owner: "\(Self.host):\(pid):\(start):abcd1234"))
        #expect(Worker.isProvablyGone(owner: "\(Self.host):\(pid):\(start + 1):abcd1234"))
    }
}
