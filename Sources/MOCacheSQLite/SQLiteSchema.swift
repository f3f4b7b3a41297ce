import GRDB
import MOCacheCore

/// The schema of the SQLite store: its migrations, in order, and the SQLite it needs.
///
/// The migrations are the files of `migrations/`, built into the library by
/// `scripts/generate-embedded-migrations.sh`. Each is registered with GRDB's `DatabaseMigrator` under
/// its file name without `.sql`, runs in one transaction, and is recorded in `grdb_migrations`. Each
/// also sets `PRAGMA user_version` to its number, so that the version is readable without GRDB.
enum SQLiteSchema {
    /// The migrations, oldest first.
    static let migrations: [EmbeddedMigration] = EmbeddedMigrations.all

    /// The identifiers of the migrations, as recorded in `grdb_migrations`.
    static let migrationIDs: [String] = migrations.map(\.id)

    /// The newest schema version: the number of the last migration.
    static let supportedVersion: Int = migrations.last?.version ?? 0

    /// The oldest SQLite this store works with: STRICT tables came with 3.37.0.
    static let minimumSQLiteVersion = "3.37.0"

    /// ``minimumSQLiteVersion`` as `sqlite3_libversion_number()` writes it.
    static let minimumSQLiteVersionNumber: Int32 = 3_037_000

    /// A migrator that applies the migrations up to and including `lastID` (all of them by default).
    static func migrator(upTo lastID: String? = nil) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let sql = migration.sql
            migrator.registerMigration(migration.id) { db in
                try db.execute(sql: sql)
            }
            if migration.id == lastID { break }
        }
        return migrator
    }
}
