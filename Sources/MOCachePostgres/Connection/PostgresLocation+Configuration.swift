import Foundation
import MOCacheCore
import PostgresNIO

extension PostgresLocation {
    /// The schema that holds every table and view of the store.
    static let schemaName = "mocache"

    /// The TLS settings libpq's `sslmode` stands for.
    func tlsConfiguration() -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        return tls
    }

    /// The parameters every connection sends at startup: the store's schema first on the search path,
    /// the application name, and for a read-only store, transactions that cannot write.
    func startupParameters(readOnly: Bool) -> [(String, String)] {
        var parameters = [("search_path", Self.schemaName), ("application_name", applicationName)]
        if readOnly { parameters.append(("default_transaction_read_only", "on")) }
        return parameters
    }

    /// The settings of the pool behind a store.
    func clientConfiguration(readOnly: Bool, maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        let tls: PostgresClient.Configuration.TLS =
            switch (sslMode, tlsConfiguration()) {
            case (_, nil): .disable
            case (.allow, let tls?), (.prefer, let tls?): .prefer(tls)
            case (_, let tls?): .require(tls)
            }
        switch endpoint {
        case .tcp(let host, let port):
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password?.text, database: database, tls: tls)
        case .unixSocket(let path):
            configuration = PostgresClient.Configuration(
                unixSocketPath: path, username: user, password: password?.text, database: database)
        }
        configuration.options.additionalStartupParameters = startupParameters(readOnly: readOnly)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The settings of one connection made outside the pool (opening the store, listening).
    package func connectionConfiguration(readOnly: Bool) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            if let settings = tlsConfiguration() {
                let context = try NIOSSLContext(configuration: settings)
                tls = sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
            } else {
                tls = .disable
            }
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password?.text, database: database, tls: tls)
        case .unixSocket(let path):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: path, username: user, password: password?.text, database: database)
        }
        configuration.options.additionalStartupParameters = startupParameters(readOnly: readOnly)
        configuration.options.connectTimeout = .nanoseconds(
            connectTimeout.components.seconds * 1_000_000_000 + connectTimeout.components.attoseconds / 1_000_000_000)
        return configuration
    }
}
