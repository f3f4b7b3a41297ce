import Crypto
import Foundation
import Testing

@testable import MOCachePostgres

/// The PostgreSQL migrations built into the library are exactly the files of `migrations/postgres/`,
/// and shipped ones never change.
@Suite struct PostgresMigrationFilesTests {
    /// `migrations/postgres/` in the source tree, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("migrations/postgres")

    /// The SHA-256 of every shipped migration. Stores in the field recorded them as applied and never
    /// run them again: change the schema with a new file.
    static let shipped: [String: String] = [
        "0001_initial": "c36ec489e5a551e5b1ff9c6f405fb0472c7f49fc20f8bbee657237b7c9a5c4df",
        "0002_views": "0cea1a5f35148c75d0f943d2960573ee89f5c0459623f4e274c3f0ac4c1a06e8",
        "0003_notifications": "fc582afcbe9231dc0d855261f1fceb2b5cd5d97ac27debd26718a8f1ead7b9b2",
    ]

    @Test func embeddedCopyMatchesTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == PostgresSchema.migrations.map(\.id))
        for (file, migration) in zip(files, PostgresSchema.migrations) {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
            #expect(
                text == migration.sql,
                "\(file) differs from its copy in EmbeddedPostgresMigrations.swift: run scripts/generate-postgres-migrations.sh"
            )
        }
        #expect(PostgresSchema.migrations.map(\.version) == Array(1...PostgresSchema.migrations.count))
    }

    @Test func shippedMigrationsNeverChange() throws {
        for migration in PostgresSchema.migrations {
            let pinned = try #require(Self.shipped[migration.id], "pin \(migration.id)'s SHA-256 here")
            let digest = SHA256.hash(data: Data(migration.sql.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(digest == pinned, "\(migration.id) was edited after it shipped: add a new migration instead")
        }
    }

    @Test func statementsSplitAtTheirOwnSemicolonsOnly() {
        let migration = PostgresMigration(
            id: "0009_test",
            sql: """
                -- a comment; with a semicolon
                CREATE TABLE t (a text DEFAULT ';');
                /* block; comment */ CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM 1; RETURN NULL;
                END;
                $$;
                SELECT $tag$;$tag$, "odd;name";
                -- trailing comment

                """)
        #expect(migration.statements.count == 3, "\(migration.statements)")
        #expect(migration.statements.first == "-- a comment; with a semicolon\nCREATE TABLE t (a text DEFAULT ';')")
        #expect(migration.statements[1].hasSuffix("END;\n$$"))
        #expect(migration.statements[2] == "SELECT $tag$;$tag$, \"odd;name\"")
        let triggers = PostgresSchema.migrations.last?.statements ?? []
        #expect(triggers.count == 5 && triggers.first?.contains("CREATE FUNCTION") == true, "\(triggers)")
    }
}
