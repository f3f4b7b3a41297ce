import Crypto
import Foundation
import MOCacheCore

/// The task files of inspect-ai tasks: their SHA-256, which keys the tasks they define.
enum InspectTaskFile {
    /// The path of the task's file, relative to `workingDirectory` (or the current directory).
    static func path(of task: InspectTaskReference, workingDirectory: String?) -> String {
        guard !task.file.hasPrefix("/"), let workingDirectory else { return task.file }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(task.file).path
    }

    /// The lowercase hex SHA-256 of the bytes of the task's file.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidInput`` when the file cannot be read.
    static func sha256(of task: InspectTaskReference, workingDirectory: String?) throws -> String {
        let path = path(of: task, workingDirectory: workingDirectory)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MOCacheError(
                .invalidInput,
                "Cannot read the inspect task file \(path) of the task \(task): \(error.localizedDescription). "
                    + "Check the path before the @ (it is relative to the working directory).",
                path: path)
        }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
