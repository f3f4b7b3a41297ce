import Foundation

/// Absolute, standardized file paths, as the hash memo and error messages show them.
enum DatasetPath {
    /// `path` made absolute against the current directory, with `.` and `..` steps and repeated or
    /// trailing slashes removed. Purely textual: symbolic links are not resolved.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
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
