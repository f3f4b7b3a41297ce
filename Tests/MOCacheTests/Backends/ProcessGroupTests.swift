import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A timeout or a cancellation ends the command's whole process group, even a helper that ignores
/// SIGTERM and outlives the command itself (issue 10, item 10).
@Suite("Process backends: the whole group ends")
struct ProcessGroupTests {
    /// A training script whose helper ignores SIGTERM: the script writes the helper's pid to `pidFile`, then
    /// waits. SIGTERM ends the script (the direct child) at once; only SIGKILL ends the helper.
    static func stubbornScript(pidFile: String) -> String {
        """
        (trap '' TERM; exec sleep 600) &
        echo $! > '\(pidFile)'
        wait
        """
    }

    /// The pid the script wrote, once it wrote it.
    static func helperPID(_ pidFile: String) async throws -> pid_t {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw MOCacheError(.invalidInput, "the script never wrote \(pidFile)")
    }

    /// Whether `pid` still runs a moment after its group was ended (SIGKILL is delivered asynchronously).
    static func outlives(_ pid: pid_t) async throws -> Bool {
        for _ in 0..<40 {
            if !ProcessBackendTests.isRunning(pid) { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    @Test("a timeout ends a helper that ignores SIGTERM, after the command itself has exited")
    func timeoutEndsStubbornHelper() async throws {
        let folder = try TemporaryDirectory()
        let pidFile = folder.path("helper.pid")
        let run = try await ProcessTrainingBackend(
            command: ["/bin/sh", "-c", Self.stubbornScript(pidFile: pidFile)], timeout: .milliseconds(500)
        )
        .startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared())
        let helper = try await Self.helperPID(pidFile)
        defer { kill(helper, SIGKILL) }
        let error = await #expect(throws: MOCacheError.self) { try await run.wait() }
        #expect(error?.code == .timedOut, "\(String(describing: error))")
        #expect(try await !Self.outlives(helper), "the helper \(helper) that ignores SIGTERM outlived the timeout")
    }

    @Test("cancelling ends a helper that ignores SIGTERM, after the command itself has exited")
    func cancelEndsStubbornHelper() async throws {
        let folder = try TemporaryDirectory()
        let pidFile = folder.path("helper.pid")
        let run = try await ProcessTrainingBackend(command: ["/bin/sh", "-c", Self.stubbornScript(pidFile: pidFile)])
            .startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared())
        let helper = try await Self.helperPID(pidFile)
        defer { kill(helper, SIGKILL) }
        try await run.cancel()
        let error = await #expect(throws: MOCacheError.self) { try await run.wait() }
        #expect(error?.code == .cancelled, "\(String(describing: error))")
        #expect(try await !Self.outlives(helper), "the helper \(helper) that ignores SIGTERM outlived the cancel")
    }

    @Test("a start cancelled while the command starts ends the command as soon as it runs")
    func cancelledStart() async throws {
        let folder = try TemporaryDirectory()
        let pidFile = folder.path("command.pid")
        let backend = ProcessTrainingBackend(command: ["/bin/sh", "-c", "echo $$ > '\(pidFile)'; exec sleep 600"])
        let starting = Task {
            withUnsafeCurrentTask { $0?.cancel() }  // as `mocache train` does on Ctrl-C while a job starts
            return try await backend.startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared())
        }
        let error = await #expect(throws: MOCacheError.self) { _ = try await starting.value }
        #expect(error?.code == .cancelled, "\(String(describing: error))")
        // The command may have been ended before it wrote its pid; if it wrote it, it must not run on.
        try await Task.sleep(for: .milliseconds(500))
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let command = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            defer { kill(command, SIGKILL) }
            #expect(try await !Self.outlives(command), "the command \(command) of a cancelled start runs on")
        }
    }

    @Test("a command that finishes in time keeps its result; a timeout does not touch a finished job")
    func finishedJobIsKept() async throws {
        let model = try await ProcessTrainingBackend(
            command: ["/bin/sh", "-c", "echo '{\"model_id\": \"quick\"}'"], timeout: .seconds(30)
        )
        .startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared()).wait()
        #expect(model.modelID == "quick")
    }
}
