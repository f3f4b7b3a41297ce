import Foundation
import MOCache
import MOCacheConformance
import Testing

/// The dataset hash memo against every store: an unchanged file is never read again; any change in
/// its identity means hashing again.
@Suite("Dataset hash memo")
struct DatasetMemoTests {
    /// Writes `text` to `path` and dates it `age` seconds back, out of the memo's racy window.
    static func write(_ text: String, to path: String, age: TimeInterval = 60) throws -> Date {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let date = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - age).rounded())
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        return date
    }

    @Test("an unchanged file is served from the memo without being read", arguments: ConformanceBackends.all)
    func unchangedFileNotRead(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("train.jsonl").path
            let date = try Self.write("{\"a\": 1}\n", to: path)
            let first = try await DatasetHasher.hash(.file(path: path), memo: store)
            #expect(first == DatasetHasher.hash(bytes: Data("{\"a\": 1}\n".utf8)))
            #expect(try await store.fileHashMemos().map(\.sha256) == [first])

            // Same size, same inode, same modification time, other bytes: only a memo hit can
            // still give the old hash, so this proves the file was not read.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: Data("{\"a\": 2}\n".utf8))
            try handle.close()
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
            #expect(try await DatasetHasher.hash(.file(path: path), memo: store) == first)

            // A real change of identity (here the modification time) means hashing again.
            _ = try Self.write("{\"a\": 2}\n", to: path, age: 30)
            let changed = try await DatasetHasher.hash(.file(path: path), memo: store)
            #expect(changed == DatasetHasher.hash(bytes: Data("{\"a\": 2}\n".utf8)))
            #expect(try await store.fileHashMemos().map(\.sha256) == [changed])
        }
    }

    @Test("a file modified within the racy window is hashed but not memoized", arguments: ConformanceBackends.all)
    func recentFileNotMemoized(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            // Dated a little ahead, so that a slow machine never carries it out of the window.
            _ = try Self.write("fresh\n", to: path, age: -60)
            _ = try await DatasetHasher.hash(.file(path: path), memo: store)
            #expect(try await store.fileHashMemos().isEmpty)
        }
    }

    @Test("bytes and records never touch the memo; a missing file is a clear error", arguments: ConformanceBackends.all)
    func nonFiles(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            _ = try await DatasetHasher.hash(.bytes(Data("x".utf8)), memo: store)
            _ = try await DatasetHasher.hash(.records([["a": 1]]), memo: store)
            #expect(try await store.fileHashMemos().isEmpty)
            let error = await #expect(throws: MOCacheError.self) {
                try await DatasetHasher.hash(.file(path: "/nonexistent/data.jsonl"), memo: store)
            }
            #expect(error?.code == .datasetMissing)
        }
    }
}
