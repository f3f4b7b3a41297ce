import Foundation
import MOCacheCore
import Testing

/// The file hash memo.
enum FileHashMemoChecks {
    /// One field of a ``FileIdentity``, to change on its own.
    enum Field: String, CaseIterable, Sendable {
        case path, device, inode, size
        case modificationTime = "modification time"

        /// `file` with this field changed.
        func changed(in file: FileIdentity) -> FileIdentity {
            FileIdentity(
                path: self == .path ? file.path + ".other" : file.path,
                device: self == .device ? file.device + 1 : file.device,
                inode: self == .inode ? file.inode + 1 : file.inode,
                size: self == .size ? file.size + 1 : file.size,
                modificationTimeNanoseconds: self == .modificationTime
                    ? file.modificationTimeNanoseconds + 1 : file.modificationTimeNanoseconds)
        }
    }

    static let file = FileIdentity(
        path: "/data/train.jsonl", device: 2049, inode: 1_234_567, size: 104_857_600,
        modificationTimeNanoseconds: 1_700_000_000_123_456_789)

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] =
        [
            StoreConformanceCheck("file hash memo: an unchanged file gets its hash", anUnchangedFileGetsItsHash)
        ]
        + Field.allCases.map { field in
            StoreConformanceCheck("file hash memo: a changed \(field.rawValue) is a miss") {
                try await anyChangedIdentityFieldIsAMiss($0, field: field)
            }
        } + [
            StoreConformanceCheck(
                "file hash memo: a new identity replaces the memo for its path", aNewIdentityReplacesTheMemoForItsPath)
        ]

    static func anUnchangedFileGetsItsHash(_ store: any CacheBackend) async throws {
        let file = Self.file
        #expect(try await store.memoizedHash(for: file) == nil)
        try await store.memoizeHash(Fixture.hash("ab"), for: file)
        #expect(try await store.memoizedHash(for: file) == Fixture.hash("ab"))
        #expect(try await store.fileHashMemos() == [FileHashMemo(file: file, sha256: Fixture.hash("ab"))])
        #expect(try await store.statistics().memoizedFiles == 1)
    }

    static func anyChangedIdentityFieldIsAMiss(_ store: any CacheBackend, field: Field) async throws {
        try await store.memoizeHash(Fixture.hash("ab"), for: Self.file)
        let changed = field.changed(in: Self.file)
        #expect(changed != Self.file)
        #expect(try await store.memoizedHash(for: changed) == nil)
        #expect(try await store.memoizedHash(for: Self.file) == Fixture.hash("ab"))
    }

    static func aNewIdentityReplacesTheMemoForItsPath(_ store: any CacheBackend) async throws {
        let old = Self.file
        let rewritten = FileIdentity(
            path: old.path, device: old.device, inode: old.inode + 7, size: old.size + 10,
            modificationTimeNanoseconds: old.modificationTimeNanoseconds + 1_000)
        let other = FileIdentity(
            path: "/data/eval.jsonl", device: 2049, inode: 99, size: 10, modificationTimeNanoseconds: 5)
        try await store.memoizeHash(Fixture.hash("01"), for: old)
        try await store.memoizeHash(Fixture.hash("02"), for: other)
        try await store.memoizeHash(Fixture.hash("03"), for: rewritten)

        #expect(try await store.memoizedHash(for: old) == nil)
        #expect(try await store.memoizedHash(for: rewritten) == Fixture.hash("03"))
        #expect(try await store.memoizedHash(for: other) == Fixture.hash("02"))
        let memos = try await store.fileHashMemos()
        #expect(memos.count == 2)
        #expect(
            Set(memos) == [
                FileHashMemo(file: rewritten, sha256: Fixture.hash("03")),
                FileHashMemo(file: other, sha256: Fixture.hash("02")),
            ])
        #expect(try await store.statistics().memoizedFiles == 2)
    }
}
