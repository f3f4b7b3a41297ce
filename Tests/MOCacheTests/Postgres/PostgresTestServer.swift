import Foundation
import Logging
import PostgresNIO
import Subprocess
import Synchronization
import SystemPackage

@testable import MOCachePostgres

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL server the tests use, started once per test process.
///
/// Roles other than the superuser log in with a password over TCP (SCRAM), so that tests of wrong
/// passwords and of password sources meet a real refusal.
///
/// Without `MOCACHE_TEST_POSTGRES_URL`, the first test that needs a server starts a throwaway cluster:
/// `initdb` (trust on the socket, a generated password over TCP) in a new temporary folder (owned by the `postgres` user when the tests run as
/// root, who may not run the server), then `pg_ctl start` listening on 127.0.0.1 at a free port,
/// with its socket in the same folder. When the test process exits, the cluster is stopped and its
/// folder removed.
///
/// With `MOCACHE_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB`, the tests use that server
/// instead; USER must be allowed to create databases. Either way every store a test opens gets a
/// database of its own (``freshLocation()``), dropped when the test process exits.
actor PostgresTestServer {
    /// The one server of this test process.
    static let shared = PostgresTestServer()

    /// Where the server is, once it runs.
    private var started: Task<PostgresLocation, any Error>?
    /// How many databases were made.
    private var databases = 0

    /// The cleanup the process runs at exit: the cluster to stop, the databases to drop.
    private static let cleanup = Mutex<Cleanup>(Cleanup())

    private struct Cleanup: Sendable {
        var clusterFolders: [String] = []
        var registered = false
        var binaries: String?
        var runAsPostgres = false
        var externalURL: String?
        var databases: [String] = []
    }

    /// The server's maintenance database, as the superuser (or the URL's user).
    func adminLocation() async throws -> PostgresLocation {
        if let started { return try await started.value }
        let task = Task { try await Self.start() }
        started = task
        return try await task.value
    }

    /// A new empty database on the server, for one store.
    func freshLocation() async throws -> PostgresLocation {
        let admin = try await adminLocation()
        databases += 1
        // An identifier cannot be a bound parameter; this one is made here of letters and digits only.
        let name = "mocache_test_\(getpid())_\(databases)"
        try await Self.execute("CREATE DATABASE \(name)", on: admin)
        Self.cleanup.withLock { $0.databases.append(name) }
        return PostgresLocation(
            endpoint: admin.endpoint, user: admin.user, database: name, password: admin.password,
            sslMode: admin.sslMode)
    }

    /// The URL of `location` with its password, for a child process.
    static func url(_ location: PostgresLocation) -> String {
        let password = location.password.map { ":" + Self.percentEncoded("\($0.text)") } ?? ""
        let mode = location.sslMode == .prefer ? "" : "?sslmode=\(location.sslMode.rawValue)"
        return "postgresql://\(location.user)\(password)@\(location.endpoint)/\(location.database)\(mode)"
    }

    /// Runs one statement on `location` on a connection of its own.
    static func execute(_ sql: String, on location: PostgresLocation) async throws {
        let configuration = PostgresConnection.Configuration(
            host: hostAndPort(location).host, port: hostAndPort(location).port, username: location.user,
            password: location.password?.text, database: location.database,
            tls: location.sslMode == .disable ? .disable : .prefer(try NIOSSLContext(configuration: .clientDefault)))
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 99, logger: Logger(label: "mocache-tests.postgres"))
        do {
            _ = try await connection.simpleQuery(sql).get()
        } catch {
            try await connection.close()
            throw error
        }
        try await connection.close()
    }

    private static func hostAndPort(_ location: PostgresLocation) -> (host: String, port: Int) {
        switch location.endpoint {
        case .tcp(let host, let port): (host, port)
        case .unixSocket: ("127.0.0.1", 5432)
        }
    }

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    // MARK: - Starting and stopping

    private static func start() async throws -> PostgresLocation {
        if let url = ProcessInfo.processInfo.environment["MOCACHE_TEST_POSTGRES_URL"], !url.isEmpty {
            cleanup.withLock { $0.externalURL = url }
            registerCleanup()
            return try PostgresLocation(url: url)
        }
        return try await startCluster().location
    }

    /// A cluster of its own, for a test that restarts its server; stopped and removed at exit too.
    static func privateCluster() async throws -> (
        location: PostgresLocation, restart: @Sendable () async throws -> Void
    ) {
        let (location, folder) = try await startCluster()
        let binaries = try findBinaries()
        let asPostgres = getuid() == 0
        return (
            location,
            {
                let restarted = try await run(
                    binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "fast", "-w", "-t", "60", "restart"],
                    asPostgres: asPostgres)
                guard restarted.exitCode == 0 else { throw TestServerError("pg_ctl restart failed: \(restarted)") }
            }
        )
    }

    private static func registerCleanup() {
        let first = cleanup.withLock { state in
            defer { state.registered = true }
            return !state.registered
        }
        if first { atexit { PostgresTestServer.stopAtExit() } }
    }

    private static func startCluster() async throws -> (location: PostgresLocation, folder: String) {
        let binaries = try findBinaries()
        let asPostgres = getuid() == 0
        var template = Array((FileManager.default.temporaryDirectory.path + "/mocache-pg-XXXXXX").utf8CString)
        guard
            let folder = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } })
                .map({ String(cString: $0) })
        else { throw TestServerError("cannot make a temporary folder for the cluster") }
        if asPostgres {
            guard let user = getpwnam("postgres") else {
                throw TestServerError("there is no postgres user to run the server as (install the postgresql package)")
            }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw TestServerError("cannot give \(folder) to the postgres user")
            }
        }
        cleanup.withLock {
            $0.clusterFolders.append(folder)
            $0.binaries = binaries
            $0.runAsPostgres = asPostgres
        }
        registerCleanup()
        let data = folder + "/data"
        // Trust on the socket, passwords over TCP: the tests connect over TCP, so that they log in
        // with a password as users of a shared server do, and a wrong one is refused.
        let password = UUID().uuidString
        let passwordFile = folder + "/password"
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        if asPostgres, let user = getpwnam("postgres") {
            guard chown(passwordFile, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw TestServerError("cannot give \(passwordFile) to the postgres user")
            }
        }
        let initdb = try await run(
            binaries + "/initdb",
            [
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile, "-U", "postgres",
                "-E", "UTF8", "--locale=C", "--no-sync", "-D", data,
            ],
            asPostgres: asPostgres)
        guard initdb.exitCode == 0 else { throw TestServerError("initdb failed: \(initdb)") }
        // The superuser that makes the tests' databases and stores logs in without a password: a
        // password login (SCRAM) costs real CPU, and the suite opens hundreds of connections. Every
        // other role logs in with its password, as on a shared server.
        try Data(
            """
            local all all trust
            host all postgres 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256

            """.utf8
        ).write(to: URL(fileURLWithPath: data + "/pg_hba.conf"))
        var lastFailure = ""
        for _ in 0..<5 {
            let port = try freePort()
            let options =
                "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c synchronous_commit=off "
                + "-c full_page_writes=off -c max_connections=400"
            let started = try await run(
                binaries + "/pg_ctl",
                ["-D", data, "-l", folder + "/server.log", "-w", "-t", "60", "-o", options, "start"],
                asPostgres: asPostgres)
            if started.exitCode == 0 {
                let location = PostgresLocation(
                    endpoint: .tcp(host: "127.0.0.1", port: port), user: "postgres", database: "postgres",
                    password: PostgresPassword(password), sslMode: .disable)
                return (location, folder)
            }
            lastFailure =
                "\(started)\n" + ((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "")
        }
        throw TestServerError("pg_ctl start failed: \(lastFailure)")
    }

    /// Stops the server (or drops the databases on an outside server) as the test process exits.
    private static func stopAtExit() {
        let state = cleanup.withLock { $0 }
        if let binaries = state.binaries {
            for folder in state.clusterFolders {
                runSynchronously(
                    binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"],
                    asPostgres: state.runAsPostgres)
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        if let url = state.externalURL, FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") {
            for database in state.databases {
                runSynchronously(
                    "/usr/bin/psql", [url, "-q", "-c", "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"],
                    asPostgres: false)
            }
        }
    }

    /// The folder of the newest installed server's programs.
    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
        guard let version = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb")
        else {
            throw TestServerError(
                "no PostgreSQL server under \(root): install the postgresql package, or point "
                    + "MOCACHE_TEST_POSTGRES_URL at a server")
        }
        return "\(root)/\(version)/bin"
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestServerError("cannot open a socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw TestServerError("cannot bind a socket") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw TestServerError("cannot read a socket's port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a server program to its end through swift-subprocess, its output discarded: not through a
    /// pipe, which `pg_ctl start` would leave open in the server for good. The server logs to a file.
    private static func run(_ program: String, _ arguments: [String], asPostgres: Bool) async throws -> ProcessResult {
        let executable = asPostgres ? "/usr/sbin/runuser" : program
        let all = asPostgres ? ["-u", "postgres", "--", program] + arguments : arguments
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(all), output: .discarded, error: .discarded)
        let status: Int32 =
            switch result.terminationStatus {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        return ProcessResult(exitCode: status, stdout: "", stderr: "", timedOut: false)
    }

    private static func runSynchronously(_ program: String, _ arguments: [String], asPostgres: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: asPostgres ? "/usr/sbin/runuser" : program)
        process.arguments = asPostgres ? ["-u", "postgres", "--", program] + arguments : arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            FileHandle.standardError.write(Data("could not stop the test PostgreSQL server: \(error)\n".utf8))
        }
    }
}

/// Why the test server could not start.
struct TestServerError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
