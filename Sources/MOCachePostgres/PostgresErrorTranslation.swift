import Foundation
import MOCacheCore
import PostgresNIO

/// Turns what postgres-nio throws into ``MOCacheError``s that name the server, the database and the
/// user (never the password), say what happened and what to do.
enum PostgresErrorTranslation {
    /// The SQLSTATE of a server error, such as `28P01`.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether `error` is a lost or refused connection, or a server going down or starting up: a
    /// request that failed so can be sent again once the server answers.
    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .serverClosedConnection, .connectionError, .uncleanShutdown:
                return true
            case .server:
                guard let state = sqlState(of: error) else { return false }
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "40001", "40P01"].contains(state)
            default:
                return false
            }
        }
        // The pool's own errors (its circuit breaker trips when no connection could be made for a while).
        return String(reflecting: type(of: error)).contains("ConnectionPoolError")
    }

    /// The error to throw for `error`, met while `doing` something with the store at `location`.
    static func translate(_ error: any Error, location: PostgresLocation, doing: String) -> any Error {
        if error is MOCacheError || error is CancellationError { return error }
        let place = "PostgreSQL at \(location.endpoint) (database \(location.database), user \(location.user))"
        guard let error = error as? PSQLError else {
            if String(reflecting: type(of: error)).contains("ConnectionPoolError") {
                return MOCacheError(
                    .storeFailure,
                    "Cannot reach \(place) while \(doing): no connection could be made for a minute. Check that the "
                        + "server runs and is reachable, then try again.")
            }
            if error is PostgresDecodingError {
                return MOCacheError(
                    .storeFailure,
                    "A row read from \(place) while \(doing) has an unexpected type: the store's schema was changed "
                        + "by hand or by another program.")
            }
            return MOCacheError(.storeFailure, "\(place) failed while \(doing): \(error).")
        }
        switch error.code {
        case .server:
            return serverError(error, place: place, location: location, doing: doing)
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let reason = error.underlying.map { "\($0)" } ?? "the connection was closed"
            return MOCacheError(
                .storeFailure,
                "Cannot connect to \(place) while \(doing): \(reason). Check that the server runs and accepts TCP "
                    + "connections at that address and port.")
        case .authMechanismRequiresPassword:
            return MOCacheError(
                .permissionDenied,
                "\(place) asks for a password and none was given. Put it in PGPASSWORD or ~/.pgpass (mode 0600), or "
                    + "in the URL.")
        case .unsupportedAuthMechanism, .saslError:
            return MOCacheError(
                .permissionDenied,
                "\(place) refused the login: it asks for an authentication method mocache cannot use, or the "
                    + "password is wrong. Check the password in the URL, PGPASSWORD or ~/.pgpass.")
        case .sslUnsupported:
            return MOCacheError(
                .storeFailure,
                "\(place) does not offer TLS, and sslmode=\(location.sslMode.rawValue) asks for it. Enable TLS on the "
                    + "server, or use sslmode=prefer or sslmode=disable.")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return MOCacheError(
                .storeFailure,
                "The TLS handshake with \(place) failed: \(error.underlying.map { "\($0)" } ?? "no reason given"). "
                    + "Check sslmode and sslrootcert.")
        case .queryCancelled:
            return MOCacheError(.cancelled, "A request to \(place) was cancelled while \(doing).")
        case .poolClosed, .clientClosedConnection:
            return MOCacheError(
                .storeFailure, "The store for \(location) was closed while \(doing). Open a new one to use it again.")
        default:
            return MOCacheError(.storeFailure, "\(place) failed while \(doing): \(error.code).")
        }
    }

    /// The error for an error the server sent.
    private static func serverError(_ error: PSQLError, place: String, location: PostgresLocation, doing: String)
        -> MOCacheError
    {
        let state = sqlState(of: error) ?? "?"
        let message = error.serverInfo?[.message] ?? "no message"
        switch state {
        case "28P01", "28000":
            return MOCacheError(
                .permissionDenied,
                "\(place) refused the login: \(message). Check the user name and the password (in the URL, "
                    + "PGPASSWORD or ~/.pgpass).")
        case "3D000":
            return MOCacheError(
                .databaseMissing,
                "\(place): the server has no database \(location.database). Create it (createdb \(location.database)) "
                    + "or name another one in the URL.")
        case "42501":
            return MOCacheError(
                .permissionDenied,
                "\(place) denied a request while \(doing): \(message). Ask the database's owner to grant \(location.user) "
                    + "the rights the README's PostgreSQL section lists.")
        case "25006":
            return MOCacheError(
                .readOnly, "\(place) is open read-only, and \(doing) writes: \(message).")
        case "53100":
            return MOCacheError(.diskFull, "\(place) has no disk space left while \(doing): \(message).")
        case "53300":
            return MOCacheError(
                .busy, "\(place) has no free connection slot (\(message)). Try again, or raise max_connections.")
        default:
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                return MOCacheError(
                    .storeFailure, "\(place) went away while \(doing): \(message) (SQLSTATE \(state)). Try again.")
            }
            return MOCacheError(
                .storeFailure, "\(place) refused a request while \(doing): \(message) (SQLSTATE \(state)).")
        }
    }
}
