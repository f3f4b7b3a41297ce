import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs other programs with swift-subprocess: openssl, the `mocache` CLI, and this benchmark as workers.
enum ChildProcess {
    /// The most output kept from a program run to its end (each stream).
    static let outputLimit = 64 << 20

    /// Runs `executable` with `arguments`, waits, and returns its stdout; throws on a non-zero exit.
    ///
    /// A name without a slash is looked up in `PATH`. `environment`, when given, is the program's whole
    /// environment.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws
        -> String
    {
        let result = try await Subprocess.run(
            Self.executable(executable), arguments: Arguments(arguments),
            environment: environment.map(Self.environment) ?? .inherit,
            output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        guard result.terminationStatus.isSuccess else {
            throw BenchError(
                "\(executable) \(arguments.joined(separator: " ")) ended with \(result.terminationStatus): "
                    + result.standardError)
        }
        return result.standardOutput
    }

    /// Starts `executable` with `arguments` in the background, writing to this program's standard output
    /// and error.
    static func start(_ executable: String, _ arguments: [String]) -> BackgroundProcess {
        BackgroundProcess(Self.executable(executable), arguments: Arguments(arguments))
    }

    /// The absolute path of `executable`, searching `PATH` for a bare name.
    static func resolve(_ executable: String) throws -> String {
        if executable.contains("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError("\(executable) is not in PATH")
    }

    private static func executable(_ name: String) -> Executable {
        name.contains("/") ? .path(FilePath(name)) : .name(name)
    }

    private static func environment(_ variables: [String: String]) -> Environment {
        .custom(
            Dictionary(
                uniqueKeysWithValues: variables.compactMap { name, value in
                    Environment.Key(rawValue: name).map { ($0, value) }
                }))
    }
}
