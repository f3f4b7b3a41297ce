import Foundation

/// `openssl dgst -sha256 FILE`, run as a child process: the hashing baseline.
enum OpenSSLDigest {
    /// Runs openssl on `path` and returns the lowercase hex digest it printed.
    static func sha256(path: String, openssl: String) async throws -> String {
        let output = try await ChildProcess.run(openssl, ["dgst", "-sha256", "-r", path])
        // With -r: "<hex> *<path>".
        guard let hex = output.split(separator: " ").first, hex.count == 64 else {
            throw BenchError("unexpected output from \(openssl): \(output)")
        }
        return String(hex).lowercased()
    }

    /// `openssl`'s version line, such as `OpenSSL 3.0.19 27 Jan 2026`.
    static func version(openssl: String) async -> String {
        (try? await ChildProcess.run(openssl, ["version"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? "unknown"
    }
}
