import Logging
import MOCacheCore
import PostgresNIO

/// Brings a database's mocache schema to this library's version, or says why it cannot.
///
/// Migrations run in one transaction under an advisory lock, so that many processes opening the same
/// store at once migrate it once: the first takes the lock and migrates, the others wait for it, then
/// find nothing left to do. A store already up to date is opened without taking the lock (and without
/// needing the right to create anything).
enum PostgresSchema {
    /// Every migration this library knows, oldest first.
    static let migrations = EmbeddedPostgresMigrations.all

    /// The schema version this library writes.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// The key of the advisory lock held while migrating: "mocache" in ASCII.
    static let lockKey: Int64 = 0x6d_6f_63_61_63_68_65

    /// What the open finds, or makes, of the store's schema.
    enum Preparation {
        /// Create the schema when the database has none, and apply what is missing.
        case migrate
        /// Apply what is missing, but refuse a database that holds no store.
        case upgradeExisting
        /// Read only: refuse a database that holds no store, or whose store needs migrating.
        case readOnly
    }

    /// Prepares the schema on `connection` and returns its version.
    ///
    /// - Throws: ``MOCacheError/Code/schemaTooNew`` for a store written by a newer mocache,
    ///   ``MOCacheError/Code/databaseMissing`` when the database holds no store and `preparation`
    ///   does not create one.
    static func prepare(
        on connection: PostgresConnection, location: PostgresLocation, preparation: Preparation, logger: Logger
    ) async throws -> Int {
        if let version = try await storedVersion(on: connection, logger: logger) {
            try refuseNewer(version, location: location)
            if version == currentVersion { return version }
            guard preparation != .readOnly else {
                throw MOCacheError(
                    .unsupported,
                    "The mocache store in \(location) has schema version \(version); this mocache reads version "
                        + "\(currentVersion). Open it once with access to write, which upgrades it.")
            }
        } else if preparation != .migrate {
            throw noStore(location)
        }
        return try await migrate(on: connection, location: location, logger: logger)
    }

    /// The stored schema version, or `nil` when the database holds no mocache store.
    static func storedVersion(on connection: PostgresConnection, logger: Logger) async throws -> Int? {
        let exists = try await connection.query(
            "SELECT to_regclass('mocache.schema_migrations') IS NOT NULL", logger: logger
        ).collect()
        guard try exists.first?.decode(Bool.self) == true else { return nil }
        let rows = try await connection.query(
            "SELECT coalesce(max(version), 0)::bigint FROM mocache.schema_migrations", logger: logger
        ).collect()
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// The error for a database that holds no mocache store.
    static func noStore(_ location: PostgresLocation) -> MOCacheError {
        MOCacheError(
            .databaseMissing,
            "The database \(location.database) at \(location.endpoint) holds no mocache store (no schema mocache). "
                + "Run a training or eval through mocache with this URL to create it.")
    }

    private static func refuseNewer(_ version: Int, location: PostgresLocation) throws {
        guard version > currentVersion else { return }
        throw MOCacheError(
            .schemaTooNew,
            "The mocache store in \(location) has schema version \(version), newer than this mocache understands "
                + "(\(currentVersion)). Upgrade mocache to use it.")
    }

    /// Applies the missing migrations in one transaction under the advisory lock.
    private static func migrate(on connection: PostgresConnection, location: PostgresLocation, logger: Logger)
        async throws -> Int
    {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            let schemaExists = try await connection.query(
                "SELECT count(*)::bigint FROM pg_namespace WHERE nspname = 'mocache'", logger: logger
            ).collect()
            if try schemaExists.first?.decode(Int64.self) == 0 {
                try await connection.query("CREATE SCHEMA mocache", logger: logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS mocache.schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            let version = try await storedVersion(on: connection, logger: logger) ?? 0
            try refuseNewer(version, location: location)
            for migration in migrations where migration.version > version {
                logger.info(
                    "migrating the PostgreSQL store",
                    metadata: ["store": "\(location)", "migration": "\(migration.id)"])
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO mocache.schema_migrations (version, name) VALUES (\(migration.version), \(migration.id))",
                    logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            return currentVersion
        } catch {
            // The transaction is rolled back: the schema stays as it was.
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
