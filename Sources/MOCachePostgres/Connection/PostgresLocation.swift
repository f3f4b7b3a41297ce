import Foundation
import MOCacheCore

/// Which PostgreSQL server and database a store lives in, and how to reach it: what a
/// `postgresql://` URL says, completed as libpq completes it.
///
/// ```swift
/// let location = try PostgresLocation(url: "postgresql://ml@db.example.org:5432/mocache?sslmode=require")
/// let store = try await PostgresCacheBackend(location: location, logger: logger)
/// ```
///
/// The password comes from the URL, else `PGPASSWORD`, else the password file (`PGPASSFILE`, else
/// `~/.pgpass`, used only when no one but its owner can read it). It never appears in
/// ``description`` or in any error: both name the user, the server and the database only.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The server's address.
    public let endpoint: PostgresEndpoint
    /// The role to log in as.
    public let user: String
    /// The database.
    public let database: String
    /// The password, when one was found.
    public let password: PostgresPassword?
    /// How the connection uses TLS.
    public let sslMode: PostgresSSLMode
    /// A file of trusted root certificates (PEM), for `verify-ca` and `verify-full`.
    public let sslRootCertificate: String?
    /// The name the server shows for the connections (`pg_stat_activity.application_name`).
    public let applicationName: String
    /// How long opening a connection may take.
    public let connectTimeout: Duration

    /// The query parameters a URL may carry.
    static let parameters: Set<String> = [
        "sslmode", "sslrootcert", "application_name", "connect_timeout", "host", "port", "user", "dbname", "password",
    ]

    /// Makes a location from its parts.
    public init(
        endpoint: PostgresEndpoint, user: String, database: String, password: PostgresPassword? = nil,
        sslMode: PostgresSSLMode = .prefer, sslRootCertificate: String? = nil, applicationName: String = "mocache",
        connectTimeout: Duration = .seconds(10)
    ) {
        self.endpoint = endpoint
        self.user = user
        self.database = database
        self.password = password
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
    }

    /// Whether `text` is meant as a PostgreSQL URL (`postgresql://` or `postgres://`) rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.prefix(14).lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// The URL without its password: `postgresql://USER@HOST:PORT/DATABASE`, with `sslmode` when it is
    /// not the default. This is how messages, logs and `mocache stats` name the store.
    public var description: String {
        let host: String
        switch endpoint {
        case .tcp: host = endpoint.description
        case .unixSocket(let path):
            host = "localhost?host=" + (URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        let mode = sslMode == .prefer ? "" : (host.contains("?") ? "&" : "?") + "sslmode=\(sslMode.rawValue)"
        return "postgresql://\(Self.encode(user))@\(host)/\(Self.encode(database))\(mode)"
    }

    /// Parses a `postgresql://` or `postgres://` URL and completes it from the environment, as libpq
    /// does: `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE`, `PGPASSWORD`, `PGPASSFILE`.
    ///
    /// The form is `postgresql://[USER[:PASSWORD]@][HOST][:PORT][/DATABASE][?PARAM=VALUE&...]`. A host
    /// that is a path (`%2Fvar%2Frun%2Fpostgresql`, or `?host=/var/run/postgresql`) is the folder of the
    /// server's socket. Parameters: `sslmode`, `sslrootcert`, `application_name`, `connect_timeout`,
    /// `host`, `port`, `user`, `dbname`, `password`.
    ///
    /// - Throws: ``MOCacheError/Code/invalidInput`` for a URL that cannot be read, naming it without
    ///   its password.
    public init(
        url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = NSHomeDirectory()
    ) throws {
        let parts = try PostgresURLParts(url)
        func fail(_ reason: String) -> MOCacheError {
            MOCacheError(
                .invalidInput,
                "\(Self.redacted(url)) is not a PostgreSQL URL mocache can use: \(reason). Write it as "
                    + "postgresql://USER@HOST:PORT/DATABASE, with the password in PGPASSWORD or ~/.pgpass.")
        }
        for name in parts.query.keys where !Self.parameters.contains(name) {
            throw fail(
                "the parameter \(name) is not supported (supported: \(Self.parameters.sorted().joined(separator: ", ")))"
            )
        }
        let user = parts.query["user"] ?? parts.user ?? environment["PGUSER"] ?? Self.systemUser(environment)
        guard !user.isEmpty else { throw fail("no user name") }
        let database = parts.query["dbname"] ?? parts.database ?? environment["PGDATABASE"] ?? user
        guard !database.isEmpty else { throw fail("no database name") }
        let portText = parts.query["port"] ?? parts.port ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw fail("the port \(portText) is not a number from 1 to 65535")
        }
        let host = parts.query["host"] ?? parts.host ?? environment["PGHOST"] ?? "localhost"
        let endpoint: PostgresEndpoint
        if host.hasPrefix("/") {
            endpoint = .unixSocket(path: URL(fileURLWithPath: host).appendingPathComponent(".s.PGSQL.\(port)").path)
        } else {
            guard !host.isEmpty, !host.contains(",") else {
                throw fail(host.isEmpty ? "no host" : "several hosts are not supported")
            }
            endpoint = .tcp(host: host, port: port)
        }
        let modeText = parts.query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        guard let sslMode = PostgresSSLMode(rawValue: modeText) else {
            throw fail(
                "sslmode=\(modeText) is not one of \(PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var connectTimeout = Duration.seconds(10)
        if let text = parts.query["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"] {
            guard let seconds = Int(text), seconds >= 0, seconds < 86_400 else {
                throw fail("connect_timeout=\(text) is not a number of seconds")
            }
            if seconds > 0 { connectTimeout = .seconds(max(2, seconds)) }
        }
        // As in libpq, an empty password is no password: the password file is read then.
        let given = [parts.query["password"], parts.password, environment["PGPASSWORD"]].compactMap { $0 }
        let password =
            given.first { !$0.isEmpty }
            ?? PostgresPasswordFile(environment: environment, homeDirectory: homeDirectory)?.password(
                host: endpoint.passwordFileHost, port: endpoint.passwordFilePort, database: database, user: user)
        self.init(
            endpoint: endpoint, user: user, database: database, password: password.map(PostgresPassword.init),
            sslMode: sslMode, sslRootCertificate: parts.query["sslrootcert"] ?? environment["PGSSLROOTCERT"],
            applicationName: parts.query["application_name"] ?? "mocache", connectTimeout: connectTimeout)
    }

    /// `text` with the password of a URL in it replaced by `***`: how a URL that could not be read is
    /// named in an error.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        var result = text
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result = String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
        }
        // A password given as a query parameter.
        if let range = result.range(of: "[?&]password=[^&]*", options: .regularExpression) {
            let separator = result[range].first.map(String.init) ?? "?"
            result.replaceSubrange(range, with: separator + "password=***")
        }
        return result
    }

    /// The login name of this process's user, as libpq's default user.
    private static func systemUser(_ environment: [String: String]) -> String {
        environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// A URL part with the characters that would change its meaning percent-encoded.
    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@/?#[]%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
