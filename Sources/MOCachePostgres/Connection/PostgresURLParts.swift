import Foundation
import MOCacheCore

/// The pieces of a `postgresql://` URL as written, percent-decoded, before defaults fill the gaps.
struct PostgresURLParts: Sendable, Hashable {
    var user: String?
    var password: String?
    var host: String?
    var port: String?
    var database: String?
    var query: [String: String] = [:]

    /// Splits `url`; throws ``MOCacheError/Code/invalidInput`` naming it without its password.
    init(_ url: String) throws {
        func fail(_ reason: String) -> MOCacheError {
            MOCacheError(
                .invalidInput,
                "\(PostgresLocation.redacted(url)) is not a PostgreSQL URL: \(reason). Write it as "
                    + "postgresql://USER@HOST:PORT/DATABASE.")
        }
        guard let schemeEnd = url.range(of: "://"),
            ["postgresql", "postgres"].contains(url[..<schemeEnd.lowerBound].lowercased())
        else { throw fail("it does not start with postgresql:// or postgres://") }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") where !pair.isEmpty {
                let (name, value) = Self.split(pair, at: "=")
                guard let value else { throw fail("the parameter \(Self.decode(name) ?? "?") has no value") }
                guard let name = Self.decode(name), let value = Self.decode(value) else {
                    throw fail("a parameter has an invalid percent-encoding")
                }
                query[name] = value
            }
            rest = rest[..<question]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            if !path.isEmpty {
                guard let database = Self.decode(path) else {
                    throw fail("the database name has an invalid percent-encoding")
                }
                self.database = database
            }
        }
        if let at = authority.lastIndex(of: "@") {
            let (user, password) = Self.split(authority[..<at], at: ":")
            guard let decodedUser = Self.decode(user) else {
                throw fail("the user name has an invalid percent-encoding")
            }
            if !decodedUser.isEmpty { self.user = decodedUser }
            if let password {
                guard let decoded = Self.decode(password) else {
                    throw fail("the password has an invalid percent-encoding")
                }
                self.password = decoded
            }
            authority = authority[authority.index(after: at)...]
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("an IPv6 address lacks its closing ]") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                port = String(after.dropFirst())
            } else if !after.isEmpty {
                throw fail("unexpected text after the IPv6 address")
            }
        } else if !authority.isEmpty {
            let (hostPart, portPart) = Self.split(authority, at: ":")
            guard let decoded = Self.decode(hostPart) else { throw fail("the host has an invalid percent-encoding") }
            if !decoded.isEmpty { host = decoded }
            if let portPart, !portPart.isEmpty { port = String(portPart) }
        }
    }

    /// `text` split at the first `separator`: the part before, and the part after when there is one.
    private static func split(_ text: Substring, at separator: Character) -> (Substring, Substring?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (text[..<index], text[text.index(after: index)...])
    }

    /// Percent-decodes `text`, or `nil` when its encoding is invalid.
    private static func decode(_ text: Substring) -> String? {
        String(text).removingPercentEncoding
    }
}
