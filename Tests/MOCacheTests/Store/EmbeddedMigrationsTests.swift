import Crypto
import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The migrations built into the library are exactly the files of `migrations/`, and shipped ones never
/// change.
@Suite struct EmbeddedMigrationsTests {
    /// `migrations/` in the source tree, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("migrations")

    /// The SHA-256 of every shipped migration. A migration is never edited once shipped: databases in
    /// the field recorded it as applied and will never run it again. Change the schema with a new file.
    static let shipped: [String: String] = [
        "0001_initial": "471f5d1b0d8360f51c18df7d19c7c77869dfe05c969b8a58ec8be2c120301d97",
        "0002_views": "358e3b48d1b8017f91bc39f87e91666a48205e2b2c021fbcfeebef4f2ad24e89",
        "0003_entry_counts": "a3d4f0a1656ff4f1ab43e436cda9d18bd91a2f11a55c1c065f6fadb3a7047680",
        "0004_fence": "447eaaab237cd7bdd8301d2a24c6b923d5a8e2a462d8ba4bed5dff85f0ddc712",
    ]

    @Test func embeddedCopyMatchesTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == SQLiteSchema.migrationIDs)
        for (file, migration) in zip(files, SQLiteSchema.migrations) {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(
                text == migration.sql,
                "\(file) differs from its copy in EmbeddedMigrations.swift: run scripts/generate-embedded-migrations.sh"
            )
        }
    }

    @Test func shippedMigrationsNeverChange() throws {
        for migration in SQLiteSchema.migrations {
            let pinned = try #require(
                Self.shipped[migration.id], "pin the SHA-256 of \(migration.id) in EmbeddedMigrationsTests.shipped")
            let digest = SHA256.hash(data: Data(migration.sql.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(
                digest == pinned,
                "\(migration.id) changed since it shipped. Never edit a shipped migration: add a new one.")
        }
    }

    @Test func migrationsAreNumberedInOrderAndSetTheirVersion() {
        for (index, migration) in SQLiteSchema.migrations.enumerated() {
            #expect(migration.version == index + 1, "\(migration.id)")
            #expect(
                migration.sql.contains("\nPRAGMA user_version = \(migration.version);\n"),
                "\(migration.id) must end by setting PRAGMA user_version = \(migration.version)")
        }
        #expect(SQLiteCacheBackend.supportedSchemaVersion == SQLiteSchema.migrations.count)
    }
}
