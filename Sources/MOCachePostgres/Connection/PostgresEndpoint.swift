/// Where the server listens: a host and TCP port, or a Unix-domain socket.
public enum PostgresEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A host name or address, and a port.
    case tcp(host: String, port: Int)
    /// The socket file of a server on this machine (the socket folder joined with `.s.PGSQL.PORT`).
    case unixSocket(path: String)

    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixSocket(let path): path
        }
    }

    /// The host name as `~/.pgpass` matches it: `localhost` for a socket, as libpq does.
    var passwordFileHost: String {
        switch self {
        case .tcp(let host, _): host
        case .unixSocket: "localhost"
        }
    }

    /// The port as `~/.pgpass` matches it.
    var passwordFilePort: String {
        switch self {
        case .tcp(_, let port): String(port)
        case .unixSocket(let path): String(path.split(separator: ".").last ?? "5432")
        }
    }
}
