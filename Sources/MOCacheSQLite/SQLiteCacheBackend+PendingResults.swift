import Foundation
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The store's own `write(_:)` and `close()` would hide these system calls inside its extensions.

/// `write(2)`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}

/// `close(2)`.
private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}

// MARK: - Results kept aside

extension SQLiteCacheBackend: PendingResultKeeping {
    /// The folder beside the database where finished jobs' results wait when they could not be written:
    /// `<database>.pending`.
    static func pendingFolder(for path: String) -> String { path + ".pending" }

    /// Writes a succeeded run to `<database>.pending/<key>.json`, synced to disk (the file, then its
    /// folder), for the next open of the store for writing to apply.
    ///
    /// The file holds the run as JSON (the record's `Codable` form); it is written under a temporary
    /// name and renamed into place, so a crash leaves either the whole file or none.
    package func keepForLater(_ run: TrainingRunRecord) throws -> String {
        let folder = Self.pendingFolder(for: path)
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw Self.pendingFailure(folder, "cannot create the folder")
        }
        let key = run.key
        // The backend id is made readable for the name and hashed into it, so that two ids that read the
        // same (`a:b`, `a_b`) never share a file.
        let backendDigest = try JSONValue.string(key.backendID).configHash().prefix(12)
        let name =
            "training-\(Self.fileNamePart(key.backendID))-\(backendDigest)-\(key.datasetHash)-\(key.configHash).json"
        let file = folder + "/" + name
        let temporary = file + ".tmp-\(getpid())"
        let data = try JSONEncoder().encode(run)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.pendingFailure(temporary, "cannot create the file") }
        var written = 0
        let wrote = data.withUnsafeBytes { bytes -> Bool in
            guard let start = bytes.baseAddress else { return fsync(descriptor) == 0 }
            while written < bytes.count {
                let count = systemWrite(descriptor, start + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return fsync(descriptor) == 0
        }
        let failure = wrote ? nil : Self.pendingFailure(temporary, "cannot write the file")
        _ = systemClose(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, file) == 0 else {
            let error = Self.pendingFailure(file, "cannot move the file into place")
            unlink(temporary)
            throw error
        }
        let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard folderDescriptor >= 0 else { throw Self.pendingFailure(folder, "cannot open the folder") }
        defer { _ = systemClose(folderDescriptor) }
        guard fsync(folderDescriptor) == 0 else { throw Self.pendingFailure(folder, "cannot sync the folder") }
        return file
    }

    /// Stores the results kept in `<database>.pending/` and removes their files; runs when the store opens
    /// for writing.
    ///
    /// Each run is merged by the rules of an import (``ImportRule``): a key not stored, or stored without a
    /// success, gets the kept result; a stored success is kept. A file that cannot be applied now (the
    /// database is locked, or the file is damaged) stays for the next open, and the logger says why.
    func applyPendingResults() async {
        let folder = Self.pendingFolder(for: path)
        // No folder (the common case) or an unreadable one: nothing to apply, and nothing is lost.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where name.hasSuffix(".json") {
            let file = folder + "/" + name
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                let run = try JSONDecoder().decode(TrainingRunRecord.self, from: data)
                let disposition = try await importTrainingRuns([run], overwrite: false)
                guard unlink(file) == 0 else {
                    throw Self.pendingFailure(file, "cannot remove the applied file")
                }
                logger.warning(
                    "stored the result of a finished job that an earlier process kept aside",
                    metadata: [
                        "key": "\(run.key)", "model": "\(run.modelID ?? "?")", "file": "\(file)",
                        "outcome": "\(disposition.first.map { "\($0)" } ?? "?")",
                    ])
            } catch {
                logger.warning(
                    "could not store a finished job's result kept aside; it stays for the next open",
                    metadata: ["file": "\(file)", "error": "\(error)"])
            }
        }
        // The folder goes once it is empty; another process may have just put a file in it, and then it
        // stays (rmdir refuses a folder that is not empty).
        rmdir(folder)
    }

    /// `text` with every character but ASCII letters, digits, `-` and `_` replaced by `_`, for a file name.
    private static func fileNamePart(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
                    ? Character(scalar) : "_"
            })
    }

    /// The error for a side file that cannot be written.
    private static func pendingFailure(_ file: String, _ what: String) -> MOCacheError {
        let code = errno
        let reason = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT || code == EFBIG {
            return MOCacheError.diskFull(file, detail: "\(what): \(reason)")
        }
        return MOCacheError.storeFailure(file, detail: "\(what): \(reason)")
    }
}
