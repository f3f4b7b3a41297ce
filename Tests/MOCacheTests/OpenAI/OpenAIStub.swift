import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The OpenAI-compatible stub server (`Tests/Stubs/openai_stub.py`) running as a child process on
/// 127.0.0.1, for tests that talk to the fine-tuning API for real over HTTP.
///
/// It owns the child process and a temporary folder with the stub's port file, request log and
/// configuration; the process is killed when the value goes away (and exits by itself when the test
/// process dies). Change the stub's behaviour with ``configure(_:)``; read what reached it with
/// ``requests()``.
///
/// `@unchecked Sendable` is safe: every stored property is set once in `init`; `Process` is only
/// asked whether it runs and killed, which it allows from any thread.
final class OpenAIStub: @unchecked Sendable {
    /// The key the stub accepts unless configured otherwise.
    static let apiKey = "sk-stub-7d1f0c2a9e4b"

    /// The stub's folder.
    let folder: TemporaryDirectory
    /// `http://127.0.0.1:PORT/v1`.
    let baseURL: String
    private let process: Process

    /// Starts the stub with a configuration (see the stub's documentation for the members) and waits
    /// until it accepts connections.
    init(_ configuration: JSONValue = [:]) async throws {
        folder = try TemporaryDirectory(prefix: "openai-stub")
        let portFile = folder.path("port")
        var configuration = configuration.objectValue ?? [:]
        if configuration["api_key"] == nil { configuration["api_key"] = .string(Self.apiKey) }
        try Self.write(.object(configuration), to: folder.path("config.json"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-S", Self.script, "--port-file", portFile, "--log", folder.path("log.jsonl"), "--config",
            folder.path("config.json"),
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: Self.create(folder.path("stderr"))))
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: portFile) {
            guard process.isRunning, Date() < deadline else {
                let errors = (try? String(contentsOfFile: folder.path("stderr"), encoding: .utf8)) ?? ""
                process.terminate()
                throw StubFailure(message: "the OpenAI stub did not start: \(errors)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let port = try String(contentsOfFile: portFile, encoding: .utf8).trimmingCharacters(in: .whitespaces)
        baseURL = "http://127.0.0.1:\(port)/v1"
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The environment that points `mocache` at the stub.
    var environment: [String: String] {
        ["OPENAI_API_KEY": Self.apiKey, "OPENAI_BASE_URL": baseURL, "OPENAI_ORG_ID": "", "OPENAI_PROJECT_ID": ""]
    }

    /// Replaces the stub's configuration; it applies from the next request on. The API key stays
    /// ``apiKey`` unless the configuration names another.
    func configure(_ configuration: JSONValue) throws {
        var members = configuration.objectValue ?? [:]
        if members["api_key"] == nil { members["api_key"] = .string(Self.apiKey) }
        try Self.write(.object(members), to: folder.path("config.json"))
    }

    /// Every request that reached the stub, in order.
    func requests() throws -> [StubRequest] {
        let text = try String(contentsOfFile: folder.path("log.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try StubRequest(JSONValue(parsing: $0)) }
    }

    /// The requests with this method whose path starts with `path` (`/v1/files`), in order.
    func requests(_ method: String, _ path: String) throws -> [StubRequest] {
        try requests().filter { $0.method == method && $0.path.hasPrefix(path) }
    }

    /// The files uploaded and jobs created, in order.
    func uploads() throws -> [String] { try requests("POST", "/v1/files").compactMap(\.created) }
    func jobsCreated() throws -> [String] { try requests("POST", "/v1/fine_tuning/jobs").compactMap(\.created) }

    /// The stub's script, next to the tests' sources.
    static let script: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Stubs/openai_stub.py").path

    private static func write(_ value: JSONValue, to path: String) throws {
        let temporary = path + ".tmp"
        try Data(value.prettyJSON().utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw StubFailure(message: "cannot write \(path)") }
    }

    private static func create(_ path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw StubFailure(message: "cannot create \(path)")
        }
        return path
    }
}
