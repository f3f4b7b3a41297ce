import Foundation

/// Absolute, standardized file paths: the one normaliser of the package, for the hash memo, error
/// messages and database paths.
package enum FilePaths {
    /// `path` made absolute against `currentDirectory`, with `.` and `..` steps and repeated or trailing
    /// slashes removed. Purely textual: symbolic links are not resolved, and nothing is looked up on disk.
    ///
    /// ```swift
    /// FilePaths.absolute("x/../data.jsonl", currentDirectory: "/work")  // "/work/data.jsonl"
    /// ```
    package static func absolute(
        _ path: String, currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let full = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
