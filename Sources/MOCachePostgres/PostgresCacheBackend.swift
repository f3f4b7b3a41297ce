import Foundation
import Logging
import MOCacheCore
import PostgresNIO

/// A ``CacheBackend`` on a PostgreSQL server: one store shared by every machine that reaches it, so that
/// a job is paid for once across a team or a cluster.
///
/// It owns one `PostgresClient` (a bounded pool of connections) whose `run()` task lives exactly as long
/// as the store: started when the store opens, cancelled by ``close()``. A read-write store also owns
/// one more connection that listens for finished entries (LISTEN/NOTIFY), so that a worker waiting for
/// another machine's job learns its result within milliseconds instead of at its next poll.
///
/// ```swift
/// let location = try PostgresLocation(url: "postgresql://ml@db.example.org/mocache")
/// let store = try await PostgresCacheBackend(location: location, logger: logger)
/// let trainer = CachedTrainingBackend(backend, store: store, logger: logger)
/// // ...
/// try await store.close()
/// ```
///
/// Single flight across machines: a claim is one `INSERT ... ON CONFLICT ... RETURNING` statement;
/// leases run on the server's clock (`now()`), never a client's; every claim bumps the entry's fence,
/// and this store presents the fence it got with every heartbeat and finishing write of the same
/// owner, so a worker that paused past its lease cannot overwrite the worker that took over.
///
/// Reads and idempotent writes that meet a lost connection (a server restart, a network blip) are sent
/// again with backoff; a finishing write keeps trying for ten minutes, so a job's result is not lost
/// because the connection dropped while it ran.
public final class PostgresCacheBackend: CacheBackend {
    /// What a store may do to the database.
    public enum Access: Sendable, Hashable {
        /// Read only: every transaction is read-only, nothing is created, hits are not counted.
        case readOnly
        /// Read and write.
        case readWrite
    }

    /// The server and database, as the store names it (without a password).
    public let location: PostgresLocation
    /// What the store may do.
    public let access: Access
    /// The schema version of the store, as found (or made) when it opened.
    public let schemaVersion: Int

    let client: PostgresClient
    let logger: Logger
    /// Runs the client's `run()`: the pool's life.
    private let runTask: Task<Void, Never>
    /// Wakes waiters when entries change; `nil` for a read-only store.
    let listener: PostgresChangeListener?
    /// The fences this process's owners hold, by entry and owner.
    let fences = LeaseFences()
    /// Hits counted and not yet written.
    let hits = Locked<PostgresHitBuffer>(PostgresHitBuffer())
    private let closed = Locked(false)

    /// Opens the store in `location`'s database, creating or upgrading its schema when `access` and
    /// `create` allow it.
    ///
    /// - Parameters:
    ///   - location: The server, database and credentials.
    ///   - access: Read-only stores create nothing and write nothing.
    ///   - create: For a read-write store, whether a database holding no store gets one. A store that
    ///     exists is upgraded either way.
    ///   - maximumConnections: The size of the pool.
    ///   - logger: Where the store logs.
    /// - Throws: ``MOCacheError``: `databaseMissing` when the database holds no store (and `create` is
    ///   off or the store is read-only) or does not exist, `schemaTooNew` for a store written by a
    ///   newer mocache, `permissionDenied` for a refused login or missing rights, `storeFailure` when
    ///   the server cannot be reached. Every message names the server, database and user, never the
    ///   password.
    public init(
        location: PostgresLocation, access: Access = .readWrite, create: Bool = true, maximumConnections: Int = 4,
        logger: Logger
    ) async throws {
        self.location = location
        self.access = access
        self.logger = logger
        let readOnly = access == .readOnly
        let preparation: PostgresSchema.Preparation =
            readOnly ? .readOnly : (create ? .migrate : .upgradeExisting)
        // One connection of its own first: its errors say exactly why a server refuses us (the pool
        // retries quietly), and it prepares the schema before any other request.
        do {
            let configuration = try location.connectionConfiguration(readOnly: readOnly)
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: logger)
            do {
                schemaVersion = try await PostgresSchema.prepare(
                    on: connection, location: location, preparation: preparation, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw PostgresErrorTranslation.translate(error, location: location, doing: "opening the store")
        }
        let client = PostgresClient(
            configuration: location.clientConfiguration(
                readOnly: readOnly, maximumConnections: max(1, maximumConnections)),
            backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
        listener = readOnly ? nil : PostgresChangeListener(location: location, logger: logger)
    }

    deinit {
        listener?.stop()
        runTask.cancel()
    }

    /// Writes the counted hits, stops listening and closes every connection. Call it once, when done
    /// with the store; later requests fail.
    public func close() async throws {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        let flushed = await Result(awaiting: { try await self.flushHits() })
        listener?.stop()
        runTask.cancel()
        await runTask.value
        try flushed.get()
    }

    // MARK: - Running requests

    /// The rows of `query`, sent again after a lost connection for up to `retryFor`.
    func rows(_ query: PostgresQuery, doing: String, retryFor budget: Duration = .seconds(60)) async throws
        -> [PostgresRow]
    {
        try await retrying(doing, for: budget) {
            try await self.client.query(query, logger: self.logger).collect()
        }
    }

    /// Runs `body`, and runs it again after a lost connection for up to `budget`, with backoff; errors
    /// come out translated.
    func retrying<Value: Sendable>(_ doing: String, for budget: Duration, _ body: () async throws -> Value)
        async throws -> Value
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: budget)
        var delay = Duration.milliseconds(50)
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch  where PostgresErrorTranslation.isTransient(error) && clock.now < deadline {
                attempt += 1
                logger.warning(
                    "lost the connection to PostgreSQL; trying again",
                    metadata: ["store": "\(location)", "doing": "\(doing)", "attempt": "\(attempt)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            } catch {
                throw PostgresErrorTranslation.translate(error, location: location, doing: doing)
            }
        }
    }

    /// Throws unless the store may write.
    func requireWritable(_ doing: String) throws {
        guard access == .readWrite else {
            throw MOCacheError(.readOnly, "The store \(location) is open read-only; \(doing) writes to it.")
        }
    }
}
