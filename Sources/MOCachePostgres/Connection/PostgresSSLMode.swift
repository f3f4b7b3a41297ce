/// How the connection uses TLS, named and meant as libpq's `sslmode`.
///
/// `disable` never encrypts; `allow` and `prefer` encrypt when the server offers it; `require`
/// always encrypts without checking the server's certificate; `verify-ca` also checks the certificate
/// against the trusted roots (`sslrootcert`, else the system's); `verify-full` also checks that it
/// names the host. The default, as in libpq, is `prefer`.
public enum PostgresSSLMode: String, Sendable, Hashable, CaseIterable {
    /// No TLS.
    case disable
    /// TLS when the server offers it. (libpq tries without TLS first; this store tries TLS first.)
    case allow
    /// TLS when the server offers it.
    case prefer
    /// TLS always; the certificate is not checked.
    case require
    /// TLS always, with a certificate signed by a trusted root.
    case verifyCA = "verify-ca"
    /// TLS always, with a certificate signed by a trusted root that names the host.
    case verifyFull = "verify-full"
}
