import Foundation
import MOCache
import Testing

@testable import MOCachePostgres

/// Reading `postgresql://` URLs as libpq does, and never showing their passwords.
@Suite struct PostgresLocationTests {
    let empty: [String: String] = ["USER": "me"]

    @Test func aFullURLIsReadPartByPart() throws {
        let location = try PostgresLocation(
            url: "postgresql://ml:s3cr%40t@db.example.org:6543/cache?sslmode=require&application_name=sweep",
            environment: empty, homeDirectory: "/nonexistent")
        #expect(location.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(location.user == "ml")
        #expect(location.database == "cache")
        #expect(location.password?.text == "s3cr@t")
        #expect(location.sslMode == .require)
        #expect(location.applicationName == "sweep")
        #expect(location.description == "postgresql://ml@db.example.org:6543/cache?sslmode=require")
    }

    @Test func gapsAreFilledFromTheEnvironmentAsLibpqDoes() throws {
        let bare = try PostgresLocation(url: "postgres://", environment: empty, homeDirectory: "/nonexistent")
        #expect(bare.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(bare.user == "me" && bare.database == "me" && bare.password == nil && bare.sslMode == .prefer)

        let environment = [
            "PGHOST": "pg.internal", "PGPORT": "5433", "PGUSER": "team", "PGDATABASE": "shared",
            "PGPASSWORD": "from-env", "PGSSLMODE": "disable",
        ]
        let filled = try PostgresLocation(url: "postgresql://", environment: environment, homeDirectory: "/nonexistent")
        #expect(filled.endpoint == .tcp(host: "pg.internal", port: 5433))
        #expect(filled.user == "team" && filled.database == "shared" && filled.sslMode == .disable)
        #expect(filled.password?.text == "from-env")

        let socket = try PostgresLocation(
            url: "postgresql://%2Fvar%2Frun%2Fpostgresql/db", environment: empty, homeDirectory: "/nonexistent")
        #expect(socket.endpoint == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        let ipv6 = try PostgresLocation(url: "postgresql://u@[::1]:5439/d", environment: empty, homeDirectory: "/x")
        #expect(ipv6.endpoint == .tcp(host: "::1", port: 5439))
        #expect(ipv6.description == "postgresql://u@[::1]:5439/d")
    }

    @Test func thePasswordFileIsReadWhenPrivate() throws {
        let folder = try TemporaryDirectory()
        let file = folder.path("pgpass")
        try Data(
            """
            # comment
            other.host:5432:*:ml:wrong
            db.example.org:5432:cache:ml:pa\\:ss
            *:*:*:*:fallback

            """.utf8
        ).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let environment = ["USER": "me", "PGPASSFILE": file]
        let exact = try PostgresLocation(
            url: "postgresql://ml@db.example.org/cache", environment: environment, homeDirectory: "/x")
        #expect(exact.password?.text == "pa:ss")
        let fallback = try PostgresLocation(
            url: "postgresql://other@db.example.org/cache", environment: environment, homeDirectory: "/x")
        #expect(fallback.password?.text == "fallback")
        let fromURL = try PostgresLocation(
            url: "postgresql://ml:given@db.example.org/cache", environment: environment, homeDirectory: "/x")
        #expect(fromURL.password?.text == "given")

        // A file others can read is ignored, as libpq ignores it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let ignored = try PostgresLocation(
            url: "postgresql://ml@db.example.org/cache", environment: environment, homeDirectory: "/x")
        #expect(ignored.password == nil)
    }

    @Test func badURLsAreRefusedWithoutTheirPassword() {
        let bad = [
            "postgresql://ml:hunter2@db:notaport/cache",
            "postgresql://ml:hunter2@db/cache?sslmode=sometimes",
            "postgresql://ml:hunter2@db/cache?nonsense=1",
            "postgresql://ml:hunter2@h1,h2/cache",
            "postgresql://ml:hunter2@[::1/cache",
            "mysql://ml:hunter2@db/cache",
        ]
        for url in bad {
            #expect {
                try PostgresLocation(url: url, environment: [:], homeDirectory: "/x")
            } throws: { error in
                let error = error as? MOCacheError
                return error?.code == .invalidInput && error?.message.contains("hunter2") == false
                    && error?.message.contains("postgresql://USER@HOST:PORT/DATABASE") == true
            }
        }
    }

    @Test func passwordsNeverShowInDescriptions() throws {
        let location = try PostgresLocation(
            url: "postgresql://ml:hunter2@db/cache", environment: [:], homeDirectory: "/x")
        var dumped = ""
        dump(location, to: &dumped)
        for text in ["\(location)", String(reflecting: location), dumped, "\(location.password as Any)"] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect(PostgresLocation.redacted("postgresql://ml:hunter2@db/cache") == "postgresql://ml:***@db/cache")
        #expect(PostgresLocation.redacted("postgres://db/c?password=hunter2&x=1") == "postgres://db/c?password=***&x=1")
        #expect(PostgresLocation.redacted("/plain/path.sqlite") == "/plain/path.sqlite")
    }
}
