import Foundation
import MOCacheCore

/// Puts a dataset on disk for a command that reads a file.
enum DatasetFile {
    /// The path of the dataset's file: the file itself, or for in-memory data a file in the temporary
    /// folder named by the data's hash (written once, atomically, and reused).
    static func path(for data: PreparedDataset) throws -> String {
        let bytes: Data
        switch data.dataset {
        case .file(let path):
            // The job reads the file that was hashed: a regular file, looked at without opening it.
            let status = try FileStatus(path: path)
            guard status.isRegularFile else { throw status.notRegular(path) }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw MOCacheError.datasetMissing(path, detail: "no readable file there")
            }
            return path
        case .bytes(let data):
            bytes = data
        case .records(let records):
            bytes = try records.reduce(into: Data()) { data, record in
                data.append(try record.canonicalData())
                data.append(UInt8(ascii: "\n"))
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mocache-datasets")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(data.hash).jsonl")
        if !FileManager.default.fileExists(atPath: file.path) {
            try bytes.write(to: file, options: .atomic)
        }
        return file.path
    }
}
