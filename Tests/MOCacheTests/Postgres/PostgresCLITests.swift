import Foundation
import MOCache
import PostgresNIO
import Testing

@testable import MOCachePostgres

#if canImport(Glibc)
    import Glibc
#endif

/// The built `mocache` with `--db postgresql://...`, as users run it, against a real server: racing
/// processes, a killed owner, a paused owner, and every way of not reaching the store.
@Suite("mocache on PostgreSQL", .serialized) struct PostgresCLITests {
    /// A workspace with a fresh database of its own on the test server.
    struct Setup {
        let workspace: CLIWorkspace
        let location: PostgresLocation
        /// The store's URL without its password: the password travels in PGPASSWORD.
        var url: String { PostgresTestServer.url(location.withoutPassword) }
        var environment: [String: String] { ["PGPASSWORD": location.password?.text ?? ""] }

        init() async throws {
            workspace = try CLIWorkspace()
            location = try await PostgresTestServer.shared.freshLocation()
        }

        /// Runs `mocache COMMAND --db URL ARGUMENTS`.
        func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 120)
            async throws -> ProcessResult
        {
            var arguments = arguments
            arguments.insert(contentsOf: ["--db", url], at: 1)
            return try await workspace.run(
                arguments, db: false, environment: environment.merging(extra) { $1 }, timeout: timeout, limited: false)
        }

        /// `mocache train` of the workspace's dataset and configuration with `script`.
        func train(script: String? = nil, environment extra: [String: String] = [:]) async throws -> ProcessResult {
            try await run(
                [
                    "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
                    "--", "/bin/sh", script ?? workspace.trainScript,
                ], environment: extra)
        }

        /// Starts `mocache train` with `script` in the background; its output goes to files named `name`.
        func startTrain(script: String, name: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: mocacheBinary)
            process.arguments = [
                "train", "--db", url, "--backend", "process:sft", "--dataset", workspace.dataset, "--config",
                workspace.config, "--", "/bin/sh", script,
            ]
            process.environment = ProcessInfo.processInfo.environment.merging(
                environment.merging(["MOCACHE_DB": ""]) { $1 }
            ) { $1 }
            for file in [name + ".out", name + ".err"] {
                guard FileManager.default.createFile(atPath: workspace.folder.path(file), contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: workspace.folder.path(file)])
                }
            }
            process.standardOutput = try FileHandle(
                forWritingTo: URL(fileURLWithPath: workspace.folder.path(name + ".out")))
            process.standardError = try FileHandle(
                forWritingTo: URL(fileURLWithPath: workspace.folder.path(name + ".err")))
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// A new role that logs in with a password and may create the store in the database: the
        /// location of the database for it, with its password.
        func passwordRole() async throws -> PostgresLocation {
            let name = "role_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            let password = "pw-\(UUID().uuidString)"
            // Identifiers and the password literal are made here of letters, digits and dashes.
            _ = try await sql(PostgresQuery(unsafeSQL: "CREATE ROLE \(name) LOGIN PASSWORD '\(password)'"))
            _ = try await sql(
                PostgresQuery(unsafeSQL: "GRANT CREATE, CONNECT ON DATABASE \(location.database) TO \(name)"))
            return PostgresLocation(
                endpoint: location.endpoint, user: name, database: location.database,
                password: PostgresPassword(password), sslMode: location.sslMode)
        }

        /// One SQL statement on the store's database, as the superuser.
        func sql(_ query: PostgresQuery) async throws -> [PostgresRow] {
            try await PostgresStoreTests.rows(query, on: location)
        }

        /// The training runs' statuses, model ids and job ids.
        func runs() async throws -> [(status: String, modelID: String?, jobID: String?)] {
            try await sql("SELECT status, model_id, job_id FROM mocache.training_runs ORDER BY id").map {
                try $0.decode((String, String?, String?).self)
            }
        }

        /// Waits until the one training run is `running` with a job id other than `except`.
        func waitUntilRunning(except: String? = nil) async throws {
            for _ in 0..<2400 {
                // The tables appear when the first process opens the store.
                let exists = try await sql("SELECT to_regclass('mocache.training_runs') IS NOT NULL")
                if try exists.first?.decode(Bool.self) == true, let run = try await runs().first,
                    run.status == "running", run.jobID != except
                {
                    return
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the training run never started: \(try await runs())")
        }

        /// Lets every lease run out now, on the server's clock: what waiting out a dead owner's lease
        /// amounts to, without waiting a minute.
        func expireLeases() async throws {
            _ = try await sql(
                "UPDATE mocache.training_runs SET lease_expires_at = now() - interval '1 second' WHERE lease_owner IS NOT NULL"
            )
        }
    }

    @Test("8 processes racing on one key run the job once and all print the model id")
    func eightProcessesRaceOnOneKey() async throws {
        let setup = try await Setup()
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<8 {
                group.addTask { try await setup.train(environment: ["TRAIN_SLEEP": "2"]) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results)")
        let printed = Set(results.map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(printed.count == 1 && printed.first?.hasPrefix("ft-") == true, "\(printed)")
        #expect(setup.workspace.trainCalls == 1)
        let runs = try await setup.runs()
        #expect(runs.count == 1 && runs.first?.status == "succeeded" && runs.first?.modelID == printed.first)
    }

    @Test("kill -9 of the owner: a successor takes the run over and stores its model")
    func killedOwnerIsTakenOver() async throws {
        let setup = try await Setup()
        let pidFile = setup.workspace.folder.path("job.pid")
        let slow = try setup.workspace.write(
            "slow.sh", "cat > /dev/null; echo $$ > '\(pidFile)'; sleep 30; echo '{\"model_id\": \"model-orphan\"}'")
        let owner = try setup.startTrain(script: slow, name: "owner")
        defer { Self.killJob(pidFile: pidFile) }
        try await setup.waitUntilRunning()
        kill(owner.processIdentifier, SIGKILL)
        owner.waitUntilExit()
        #expect(owner.terminationReason == .uncaughtSignal)
        let orphaned = try #require(try await setup.runs().first)
        #expect(orphaned.status == "running" && orphaned.jobID != nil, "the dead owner's job id stays: \(orphaned)")

        try await setup.expireLeases()
        let successor = try await setup.train()
        #expect(successor.exitCode == 0, "\(successor)")
        let model = successor.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(model.hasPrefix("ft-"), "\(successor)")
        let runs = try await setup.runs()
        #expect(runs.count == 1 && runs.first?.status == "succeeded" && runs.first?.modelID == model, "\(runs)")
    }

    @Test("a paused owner (SIGSTOP past its lease, then SIGCONT) cannot overwrite its successor's result")
    func pausedOwnerCannotOverwriteItsSuccessor() async throws {
        let setup = try await Setup()
        let firstPid = setup.workspace.folder.path("first.pid")
        let secondPid = setup.workspace.folder.path("second.pid")
        let first = try setup.workspace.write(
            "first.sh", "cat > /dev/null; echo $$ > '\(firstPid)'; sleep 1; echo '{\"model_id\": \"model-a\"}'")
        let second = try setup.workspace.write(
            "second.sh", "cat > /dev/null; echo $$ > '\(secondPid)'; sleep 6; echo '{\"model_id\": \"model-b\"}'")
        defer {
            Self.killJob(pidFile: firstPid)
            Self.killJob(pidFile: secondPid)
        }
        let owner = try setup.startTrain(script: first, name: "owner")
        try await setup.waitUntilRunning()
        let ownerJob = try await setup.runs().first?.jobID
        kill(owner.processIdentifier, SIGSTOP)
        // The paused owner's job ends meanwhile; the owner will read its output once it runs again.
        try await Task.sleep(for: .seconds(2))
        try await setup.expireLeases()
        let successor = try setup.startTrain(script: second, name: "successor")
        try await setup.waitUntilRunning(except: ownerJob)
        kill(owner.processIdentifier, SIGCONT)
        // The owner's job ended while the successor's still runs: its stale fence keeps it from writing,
        // and it says so, then waits for what the store will serve.
        let ownerErrors = setup.workspace.folder.path("owner.err")
        for _ in 0..<2400 {
            if let text = try? String(contentsOfFile: ownerErrors, encoding: .utf8), text.contains("lost its lease") {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let during = try #require(try await setup.runs().first)
        #expect(during.status == "running" && during.modelID == nil, "\(during)")
        successor.waitUntilExit()
        owner.waitUntilExit()
        #expect(successor.terminationStatus == 0)
        #expect(owner.terminationStatus == 0)
        let printed = try String(contentsOfFile: setup.workspace.folder.path("owner.out"), encoding: .utf8)
        #expect(printed == "model-b\n", "the paused owner prints the model the store serves: \(printed)")
        let stored = try #require(try await setup.runs().first)
        #expect(stored.status == "succeeded" && stored.modelID == "model-b", "\(stored)")
        let models = try await setup.run(["models", "--format", "json"])
        #expect(models.stdout.contains("model-b") && !models.stdout.contains("model-a"), "\(models)")
    }

    @Test("the server restarts while a job runs: the result is stored and the command exits 0")
    func serverRestartWhileAJobRuns() async throws {
        let workspace = try CLIWorkspace()
        let (admin, restart) = try await PostgresTestServer.privateCluster()
        try await PostgresTestServer.execute("CREATE DATABASE restarted", on: admin)
        let location = PostgresLocation(
            endpoint: admin.endpoint, user: admin.user, database: "restarted", sslMode: admin.sslMode)
        let url = PostgresTestServer.url(location)
        let started = workspace.folder.path("started")
        let script = try workspace.write(
            "slow.sh", "cat > /dev/null; touch '\(started)'; sleep 4; echo '{\"model_id\": \"model-kept\"}'")
        let training = Task {
            try await workspace.run(
                [
                    "train", "--db", url, "--backend", "process:sft", "--dataset", workspace.dataset, "--config",
                    workspace.config, "--", "/bin/sh", script,
                ], db: false, timeout: 300, limited: false)
        }
        for _ in 0..<1200 where !FileManager.default.fileExists(atPath: started) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(FileManager.default.fileExists(atPath: started), "the job started")
        try await restart()
        let result = try await training.value
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("model-kept"), "\(result)")
        let stored = try await PostgresStoreTests.rows(
            "SELECT status, model_id FROM mocache.training_runs", on: location
        ).map { try $0.decode((String, String?).self) }
        #expect(stored.count == 1 && stored.first?.0 == "succeeded" && stored.first?.1 == "model-kept", "\(stored)")
    }

    @Test("stats names the server and the schema version; MOCACHE_DB takes a URL too")
    func statsNamesTheServer() async throws {
        let setup = try await Setup()
        #expect(try await setup.train().exitCode == 0)
        let stats = try await setup.run(["stats"])
        #expect(stats.exitCode == 0, "\(stats)")
        #expect(stats.stdout.contains(setup.location.withoutPassword.description), "\(stats)")
        #expect(stats.stdout.contains("schema version \(PostgresSchema.currentVersion)"), "\(stats)")
        let fromEnvironment = try await setup.workspace.run(
            ["stats", "--format", "json"], db: false,
            environment: setup.environment.merging(["MOCACHE_DB": setup.url]) { $1 })
        #expect(fromEnvironment.exitCode == 0, "\(fromEnvironment)")
        let json = try JSONValue(parsing: fromEnvironment.stdout)
        #expect(json["totals"]?["training_runs"] == 1, "\(fromEnvironment)")
        #expect(json["database"]?["path"] == .string(setup.location.withoutPassword.description))
    }

    @Test("inspection commands on a database without a store say so and create nothing")
    func inspectionOfAnEmptyDatabaseCreatesNothing() async throws {
        let setup = try await Setup()
        for command in [["models"], ["evals"], ["stats"], ["datasets"], ["export"], ["show", "t1"]] {
            let result = try await setup.run(command)
            #expect(result.exitCode == 1, "\(command): \(result)")
            #expect(result.stderr.contains("holds no mocache store"), "\(command): \(result)")
        }
        let schemas = try await setup.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'mocache'")
        #expect(try schemas.first?.decode(Int64.self) == 0)
    }

    @Test("bad URL, refused connection, wrong password, no rights: clear errors naming host and database, no password")
    func connectionErrorsAreClearAndKeepThePasswordSecret() async throws {
        let setup = try await Setup()
        let secret = "Sup3rS3cret\(UInt32.random(in: 0...UInt32.max))"
        guard case .tcp(let host, let port) = setup.location.endpoint else { return }
        let database = setup.location.database
        func run(_ url: String, _ command: [String] = ["models"], environment: [String: String] = [:]) async throws
            -> ProcessResult
        {
            var arguments = command
            arguments.insert(contentsOf: ["--db", url, "--verbose"], at: 1)
            return try await setup.workspace.run(arguments, db: false, environment: environment, limited: false)
        }
        func expectSecret(_ result: ProcessResult, _ what: String) {
            #expect(
                !result.stdout.contains(secret) && !result.stderr.contains(secret),
                "\(what) shows the password: \(result)")
        }

        let badURL = try await run("postgresql://postgres:\(secret)@\(host):port/\(database)")
        #expect(badURL.exitCode == 1 && badURL.stderr.contains("not a PostgreSQL URL"), "\(badURL)")
        expectSecret(badURL, "a bad URL")

        let closedPort = try Self.unusedPort()
        let refused = try await run("postgresql://postgres:\(secret)@127.0.0.1:\(closedPort)/\(database)")
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("127.0.0.1:\(closedPort)") && refused.stderr.contains(database), "\(refused)")
        #expect(refused.stderr.contains("Cannot connect"), "\(refused)")
        expectSecret(refused, "a refused connection")

        let role = try await setup.passwordRole()
        let wrongPassword = try await run(
            "postgresql://\(role.user):\(secret)@\(host):\(port)/\(database)", ["train"] + Self.trainArguments(setup))

        #expect(wrongPassword.exitCode == 1, "\(wrongPassword)")
        #expect(wrongPassword.stderr.contains("refused the login"), "\(wrongPassword)")
        #expect(
            wrongPassword.stderr.contains("\(host):\(port)") && wrongPassword.stderr.contains(database),
            "\(wrongPassword)")
        expectSecret(wrongPassword, "a wrong password")

        let noDatabase = try await run(
            "postgresql://postgres@\(host):\(port)/no_such_db", environment: setup.environment)
        #expect(noDatabase.exitCode == 1 && noDatabase.stderr.contains("no database no_such_db"), "\(noDatabase)")

        // A role that may log in but not create anything in the database.
        let limitedRole = "limited_\(getpid())_\(UInt16.random(in: 0...UInt16.max))"
        _ = try await setup.sql(PostgresQuery(unsafeSQL: "CREATE ROLE \(limitedRole) LOGIN PASSWORD '\(secret)'"))
        let limited = "postgresql://\(limitedRole):\(secret)@\(host):\(port)/\(database)"
        let denied = try await run(limited, ["train"] + Self.trainArguments(setup))
        #expect(denied.exitCode == 1, "\(denied)")
        #expect(denied.stderr.contains("permission denied") && denied.stderr.contains(database), "\(denied)")
        #expect(denied.stderr.contains("\(host):\(port)"), "\(denied)")
        expectSecret(denied, "missing rights")
        // Nothing half-created: the failed migration was rolled back whole.
        let schemas = try await setup.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'mocache'")
        #expect(try schemas.first?.decode(Int64.self) == 0)
        #expect(setup.workspace.trainCalls == 0)
    }

    @Test("the password comes from ~/.pgpass (PGPASSFILE) when neither the URL nor PGPASSWORD holds one")
    func passwordFromThePasswordFile() async throws {
        let setup = try await Setup()
        let role = try await setup.passwordRole()
        guard case .tcp(let host, let port) = role.endpoint else { return }
        let url = PostgresTestServer.url(role.withoutPassword)
        let password = role.password?.text ?? ""
        let file = try setup.workspace.write("pgpass", "\(host):\(port):\(role.database):\(role.user):\(password)\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let missing = setup.workspace.folder.path("no-pgpass")
        // Without it, the server asks for the password that no source gave.
        let refused = try await setup.workspace.run(
            ["train", "--db", url] + Self.trainArguments(setup), db: false,
            environment: ["PGPASSWORD": "", "PGPASSFILE": missing], limited: false)
        #expect(refused.exitCode == 1 && refused.stderr.contains("password"), "\(refused)")
        // An empty PGPASSWORD counts as none, as in libpq: the password file is read.
        let trained = try await setup.workspace.run(
            ["train", "--db", url] + Self.trainArguments(setup), db: false,
            environment: ["PGPASSWORD": "", "PGPASSFILE": file], limited: false)
        #expect(trained.exitCode == 0, "\(trained)")
        #expect(!trained.stdout.contains(password) && !trained.stderr.contains(password))
    }

    // MARK: - Helpers

    static func trainArguments(_ setup: Setup) -> [String] {
        [
            "--backend", "process:sft", "--dataset", setup.workspace.dataset, "--config", setup.workspace.config, "--",
            "/bin/sh", setup.workspace.trainScript,
        ]
    }

    /// Ends a job script a test left running, by the pid it wrote.
    static func killJob(pidFile: String) {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return }
        kill(pid, SIGKILL)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on.
    static func unusedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension PostgresLocation {
    /// The same location with no password.
    var withoutPassword: PostgresLocation {
        PostgresLocation(endpoint: endpoint, user: user, database: database, sslMode: sslMode)
    }
}
