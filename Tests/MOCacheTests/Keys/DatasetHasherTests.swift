import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Dataset hashes")
struct DatasetHasherTests {
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func bytesInEveryForm() {
        let bytes = randomBytes(count: 200_001, seed: 7)
        let expected = DatasetHasher.hash(bytes: Data(bytes))
        #expect(DatasetHasher.hash(bytes: bytes) == expected)
        #expect(DatasetHasher.hash(bytes: bytes[...]) == expected)
        // A sequence without contiguous storage goes through the chunked path.
        #expect(DatasetHasher.hash(bytes: bytes.lazy.map { $0 }) == expected)
        #expect(DatasetHasher.hash(bytes: AnySequence(bytes)) == expected)
        #expect(DatasetHasher.hash(bytes: AnySequence([UInt8]())) == Self.emptyHash)
        #expect(DatasetHasher.hash(bytes: Data(bytes.dropLast())) != expected)
    }

    /// Sizes around the read buffer, where an off-by-one in the reading loop would show.
    static let fileSizes: [Int] = [
        0, 1, 4095, FileDigest.chunkSize - 1, FileDigest.chunkSize, FileDigest.chunkSize + 1,
        2 * FileDigest.chunkSize + 4097, 3 * FileDigest.chunkSize,
    ]

    @Test(arguments: fileSizes)
    func fileHashIsTheHashOfItsBytes(size: Int) async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = randomBytes(count: size, seed: UInt64(size))
        let path = folder.appendingPathComponent("data.bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let expected = DatasetHasher.hash(bytes: bytes)
        #expect(try await DatasetHasher.hash(fileAt: path) == expected)
        #expect(try await DatasetHasher.hash(.file(path: path)) == expected)
        // Other buffer sizes read the same bytes.
        for chunkSize in (size < 100_000 ? [1, 7] : []) + [4096, 65_536, 8 << 20] {
            #expect(try await FileDigest.sha256(path: path, chunkSize: chunkSize, progress: nil) == expected)
        }
        if size == 0 { #expect(expected == Self.emptyHash) }
    }

    @Test func recordsHashAsTheirJSONLBytes() async throws {
        let records: [JSONValue] = [
            ["prompt": "What is 2+2?", "completion": "4", "weight": 1.0],
            ["b": [1, 2, 3], "a": "\u{1F600}\n\"", "c": nil],
            [:], "just a string", 1e-7,
        ]
        var jsonl = Data()
        for record in records {
            jsonl += try record.canonicalData()
            jsonl.append(0x0A)
        }
        #expect(
            String(decoding: jsonl, as: UTF8.self).hasPrefix(
                #"{"completion":"4","prompt":"What is 2+2?","weight":1}"# + "\n"
                    + #"{"a":"😀\n\"","b":[1,2,3],"c":null}"#))
        let expected = DatasetHasher.hash(bytes: jsonl)
        #expect(try DatasetHasher.hash(records: records) == expected)
        #expect(try await DatasetHasher.hash(.records(records)) == expected)
        #expect(try await DatasetHasher.hash(.bytes(jsonl)) == expected)

        // The same records written to a file hash the same.
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("train.jsonl").path
        try jsonl.write(to: URL(fileURLWithPath: path))
        #expect(try await DatasetHasher.hash(.file(path: path)) == expected)

        #expect(try DatasetHasher.hash(records: []) == Self.emptyHash)
        #expect(try DatasetHasher.hash(records: Array(records.reversed())) != expected)
    }

    @Test func missingFileFolderAndBrokenPath() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nope.jsonl").path
        let error = await #expect(throws: MOCacheError.self) { try await DatasetHasher.hash(fileAt: missing) }
        #expect(error?.code == .datasetMissing)
        #expect(error?.path == missing)
        #expect(error?.message.contains("\(missing) cannot be read (no such file)") == true)

        let folderError = await #expect(throws: MOCacheError.self) {
            try await DatasetHasher.hash(.file(path: folder.path))
        }
        #expect(folderError?.code == .datasetMissing)
        #expect(folderError?.message.contains("it is a folder, not a file") == true)

        let file = folder.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let notDirectory = await #expect(throws: MOCacheError.self) {
            try await DatasetHasher.hash(fileAt: file + "/inside")
        }
        #expect(notDirectory?.code == .datasetMissing)
        #expect(notDirectory?.message.contains("a part of the path is not a folder") == true)

        // The same through the identity that the memo uses.
        #expect(throws: MOCacheError.self) { try FileIdentity.of(path: missing) }
        #expect(throws: MOCacheError.self) { try FileIdentity.of(path: folder.path) }
    }

    @Test func progressCountsUpToTheSize() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data.bin").path
        let size = 5 * 65_536 + 123
        try Data(randomBytes(count: size, seed: 3)).write(to: URL(fileURLWithPath: path))

        let reports = Locked<[(Int64, Int64)]>([])
        _ = try await FileDigest.sha256(path: path, chunkSize: 65_536) { done, total in
            reports.withLock { $0.append((done, total)) }
        }
        let seen = reports.value
        #expect(seen.count == 6)
        #expect(seen.map(\.0) == [1, 2, 3, 4, 5].map { Int64($0 * 65_536) } + [Int64(size)])
        #expect(seen.allSatisfy { $0.1 == Int64(size) })
    }

    @Test func cancellationStopsBetweenChunks() async throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data.bin").path
        let size = 64 * 65_536
        try Data(randomBytes(count: size, seed: 4)).write(to: URL(fileURLWithPath: path))

        let firstChunk = DispatchSemaphore(value: 0)
        let resume = DispatchSemaphore(value: 0)
        let reports = Locked<[(Int64, Int64)]>([])
        let task = Task {
            try await FileDigest.sha256(path: path, chunkSize: 65_536) { done, total in
                reports.withLock { $0.append((done, total)) }
                if reports.value.count == 1 {
                    firstChunk.signal()
                    resume.wait()  // Holds the reading thread (not a cooperative one) until cancelled.
                }
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                firstChunk.wait()
                continuation.resume()
            }
        }
        task.cancel()
        resume.signal()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(reports.value.count == 1)

        // Already cancelled: nothing is read.
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await DatasetHasher.hash(fileAt: path)
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
    }

    // MARK: - File identity

    @Test func fileIdentityFollowsTheFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data.bin").path
        try Data(repeating: 1, count: 1000).write(to: URL(fileURLWithPath: path))
        let modified = Date(timeIntervalSince1970: 1_700_000_000.123_456)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)

        let identity = try FileIdentity.of(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(identity.path == path)
        #expect(identity.size == 1000)
        #expect(identity.inode == (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
        #expect(abs(identity.modificationTimeNanoseconds - 1_700_000_000_123_456_000) < 1000)
        #expect(try FileIdentity.of(path: path) == identity)

        // Through a symbolic link: the target's identity, under the link's path.
        let link = folder.appendingPathComponent("link.bin").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let viaLink = try FileIdentity.of(path: link)
        #expect(viaLink.path == link)
        #expect(viaLink.inode == identity.inode && viaLink.size == identity.size)

        // A dotted path is standardized.
        let dotted = folder.path + "/./sub/../data.bin"
        try FileManager.default.createDirectory(atPath: folder.path + "/sub", withIntermediateDirectories: true)
        #expect(try FileIdentity.of(path: dotted) == identity)

        // A rewrite changes the identity.
        try Data(repeating: 2, count: 1001).write(to: URL(fileURLWithPath: path))
        #expect(try FileIdentity.of(path: path) != identity)
    }

    @Test func absolutePaths() {
        #expect(FilePaths.absolute("/a/./b/../c//d/") == "/a/c/d")
        #expect(FilePaths.absolute("/../..") == "/")
        #expect(FilePaths.absolute("/") == "/")
        let here = FileManager.default.currentDirectoryPath
        #expect(FilePaths.absolute("x/y.jsonl") == FilePaths.absolute(here + "/x/y.jsonl"))
        #expect(FilePaths.absolute("x/y.jsonl").hasPrefix("/"))
    }

    @Test func recentlyModifiedFilesAreNotMemoized() {
        let now = Date()
        let nowNanoseconds = Int64(now.timeIntervalSince1970 * 1e9)
        func identity(modifiedSecondsAgo seconds: Double) -> FileIdentity {
            FileIdentity(
                path: "/x", device: 1, inode: 2, size: 3,
                modificationTimeNanoseconds: nowNanoseconds - Int64(seconds * 1e9))
        }
        #expect(DatasetHasher.isRacy(identity(modifiedSecondsAgo: 0), now: now))
        #expect(DatasetHasher.isRacy(identity(modifiedSecondsAgo: 1.5), now: now))
        #expect(DatasetHasher.isRacy(identity(modifiedSecondsAgo: -60), now: now))  // In the future.
        #expect(!DatasetHasher.isRacy(identity(modifiedSecondsAgo: 2.5), now: now))
        #expect(!DatasetHasher.isRacy(identity(modifiedSecondsAgo: 86_400), now: now))
    }
}
