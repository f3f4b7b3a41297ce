import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mocache train --backend openai` as users run it: the built binary against the stub server.
@Suite("mocache train --backend openai against the stub")
struct OpenAICLITests {
    /// A scratch folder with a chat dataset and two configurations, and the stub.
    struct Workspace {
        let cli: CLIWorkspace
        let stub: OpenAIStub
        var dataset: String { cli.folder.path("support.jsonl") }
        var config: String { cli.folder.path("two-epochs.json") }
        var otherConfig: String { cli.folder.path("three-epochs.json") }

        init(_ stubConfiguration: JSONValue = OpenAIBackendTests.quickJob) async throws {
            cli = try CLIWorkspace()
            stub = try await OpenAIStub(stubConfiguration)
            try cli.write("support.jsonl", ChatData.examples)
            try cli.write("two-epochs.json", ChatData.config(epochs: 2))
            try cli.write("three-epochs.json", ChatData.config(epochs: 3))
        }

        /// The arguments of `mocache train --backend openai` on this dataset, polling fast.
        func trainArguments(config: String? = nil, dataset: String? = nil, _ extra: [String] = []) -> [String] {
            ["train", "--backend", "openai", "--dataset", dataset ?? self.dataset, "--config", config ?? self.config]
                + ["--poll", "0.01s"] + extra
        }

        func train(
            config: String? = nil, dataset: String? = nil, _ extra: [String] = [], environment: [String: String] = [:],
            limited: Bool = true
        ) async throws -> ProcessResult {
            try await cli.run(
                trainArguments(config: config, dataset: dataset, extra),
                environment: stub.environment.merging(environment) { $1 }, limited: limited)
        }

        /// A shell command line for `mocache train` here, for tests that signal it.
        func shellTrain(_ extra: [String] = []) -> String {
            let arguments = [mocacheBinary, "train", "--db", cli.db] + trainArguments(extra).dropFirst()
            let environment = stub.environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
            return "env \(environment) MOCACHE_DB= NO_COLOR= " + arguments.map { "'\($0)'" }.joined(separator: " ")
        }

        /// The stored training runs, newest first, as `mocache models --format json` prints them.
        func models() async throws -> [JSONValue] {
            try await cli.run(["models", "--format", "json"]).json().arrayValue ?? []
        }
    }

    @Test("Two configurations on one dataset: one upload, two jobs; the same training again: no request at all")
    func uploadOnceTrainOnce() async throws {
        let workspace = try await Workspace()
        let first = try await workspace.train()
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001\n")
        let second = try await workspace.train(config: workspace.otherConfig)
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.stdout == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000002\n")
        #expect(try workspace.stub.uploads() == ["file-000001"])
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001", "ftjob-000002"])

        let before = try workspace.stub.requests().count
        let again = try await workspace.train()
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout == first.stdout)
        #expect(again.stderr.contains("served from the cache"), "\(again)")
        #expect(try workspace.stub.requests().count == before, "a hit sends nothing to the service")

        let show = try await workspace.cli.run(["show", "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001"])
        #expect(show.exitCode == 0, "\(show)")
        for expected in [
            "ftjob-000001", #""file_id": "file-000001""#, #""trained_tokens": "#, #""status": "succeeded""#,
        ] {
            #expect(show.stdout.contains(expected), "\(expected) in \(show.stdout)")
        }
    }

    @Test("--backend openai:NAME is the OpenAI backend under its own id: another service's models stay apart")
    func namedService() async throws {
        let workspace = try await Workspace()
        let local = try await workspace.cli.run(
            [
                "train", "--backend", "openai:local", "--dataset", workspace.dataset, "--config", workspace.config,
                "--poll", "0.01s",
            ], environment: workspace.stub.environment)
        #expect(local.exitCode == 0, "\(local)")
        let openAI = try await workspace.train()
        #expect(openAI.exitCode == 0, "\(openAI)")
        #expect(!openAI.stderr.contains("served from the cache"), "\(openAI)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001", "ftjob-000002"])
        #expect(try workspace.stub.uploads() == ["file-000001", "file-000002"], "uploads are kept per backend id")
        let backends = try await workspace.models().compactMap { $0["backend"]?.stringValue }
        #expect(Set(backends) == ["openai", "openai:local"])
    }

    @Test("kill -9 while the job runs: the next identical train creates no job, re-attaches and serves its model")
    func killNineReattaches() async throws {
        // The job runs until the test releases it.
        let workspace = try await Workspace(["phases": [["validating_files", 20], ["running", .null]]])
        let log = workspace.stub.folder.path("log.jsonl")
        let shell = """
            \(workspace.shellTrain(["--lease", "1s"])) > /dev/null 2>&1 &
            pid=$!
            # The first poll of the job comes after its id is in the store.
            for i in $(seq 300); do grep -q '"path": "/v1/fine_tuning/jobs/ftjob-000001"' '\(log)' && break; sleep 0.05; done
            kill -9 $pid
            wait $pid
            echo "exit=$?"
            """
        let killed = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 60)
        #expect(killed.stdout.contains("exit=137"), "\(killed)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"])
        let running = try await workspace.models()
        #expect(running.first?["status"] == "running", "\(running)")

        let successor = Task { try await workspace.train(["--lease", "1s", "-v"]) }
        // Once the dead worker's lease ran out, the successor re-attaches and polls the job; let it end.
        let polledBefore = try workspace.stub.requests("GET", "/v1/fine_tuning/jobs/ftjob-000001").count
        for _ in 0..<600
        where try workspace.stub.requests("GET", "/v1/fine_tuning/jobs/ftjob-000001").count == polledBefore {
            try await Task.sleep(for: .milliseconds(50))
        }
        try workspace.stub.configure([
            "phases": [["validating_files", 20], ["running", .null]], "release_jobs": true,
        ])
        let next = try await successor.value
        #expect(next.exitCode == 0, "\(next)")
        #expect(next.stdout == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001\n")
        #expect(next.stderr.contains("re-attached to the job") && next.stderr.contains("job=ftjob-000001"), "\(next)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"], "no second job")
        #expect(try workspace.stub.uploads() == ["file-000001"])
        #expect(try await workspace.models().first?["status"] == "succeeded")
    }

    @Test(
        "kill -9 after the service created the job but before its id was stored: the next train finds it, no second job"
    )
    func killNineBetweenCreatingAndStoringTheJob() async throws {
        // The job runs until the test releases it; the answer to its creation is held back for good.
        let phases: JSONValue = [["validating_files", 20], ["running", .null]]
        let workspace = try await Workspace([
            "phases": phases,
            "faults": [["id": "hold", "method": "POST", "path": "/v1/fine_tuning/jobs", "hold_after_ms": 600_000]],
        ])
        let log = workspace.stub.folder.path("log.jsonl")
        let shell = """
            \(workspace.shellTrain(["--lease", "1s"])) > /dev/null 2>&1 &
            pid=$!
            # The stub logs the job it created, then holds the answer back: the client has no job id yet.
            for i in $(seq 1200); do grep -q '"created": "ftjob-000001"' '\(log)' && break; sleep 0.05; done
            kill -9 $pid
            wait $pid
            echo "exit=$?"
            """
        let killed = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 120)
        #expect(killed.stdout.contains("exit=137"), "\(killed)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"])
        let tagged = try workspace.stub.requests("POST", "/v1/fine_tuning/jobs").first?.json["metadata"]
        let tag = try #require(
            tagged?["mocache_key"]?.stringValue, "the job carries no key tag: \(String(describing: tagged))")
        #expect(tag.count == 64)
        try workspace.stub.configure(["phases": phases])

        let successor = Task { try await workspace.train(["--lease", "1s", "-v"]) }
        // Once the dead worker's lease ran out, the successor finds the job by its tag and polls it.
        for _ in 0..<1200 where try workspace.stub.requests("GET", "/v1/fine_tuning/jobs/ftjob-000001").isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
        try workspace.stub.configure(["phases": phases, "release_jobs": true])
        let next = try await successor.value
        #expect(next.exitCode == 0, "\(next)")
        #expect(next.stdout == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001\n")
        #expect(next.stderr.contains("re-attached to the fine-tuning job the service has for this key"), "\(next)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"], "no second job")
        let lists = try workspace.stub.requests("GET", "/v1/fine_tuning/jobs").compactMap {
            $0.json["query"]?.stringValue
        }
        #expect(lists.contains { $0.contains("metadata[mocache_key]=\(tag)") }, "\(lists)")
        #expect(try workspace.stub.uploads() == ["file-000001"])
        #expect(try await workspace.models().first?["status"] == "succeeded")
    }

    @Test("Six mocache train processes on one key: one upload, one job, one model")
    func sixProcessesOneJob() async throws {
        let workspace = try await Workspace(["phases": [["validating_files", 50], ["running", 400]]])
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<6 { group.addTask { try await workspace.train(limited: false) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results)")
        #expect(Set(results.map(\.stdout)) == ["ft:gpt-4o-mini-2024-07-18:stub-org:support:000001\n"])
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"])
        #expect(try workspace.stub.uploads() == ["file-000001"])
    }

    @Test("A job that fails on the service: exit 1 with its message, stored failed, not served")
    func failedJob() async throws {
        let workspace = try await Workspace(
            OpenAIBackendTests.quickJob.merging([
                "outcome": "failed",
                "job_error": ["code": "invalid_training_file", "message": "At least 10 examples are required."],
            ]))
        let failed = try await workspace.train()
        #expect(failed.exitCode == 1, "\(failed)")
        #expect(failed.stdout.isEmpty)
        #expect(
            failed.stderr.contains(
                "Fine-tuning job ftjob-000001 failed on the service (training file file-000001): "
                    + "invalid_training_file: At least 10 examples are required."), "\(failed)")
        let models = try await workspace.models()
        #expect(models.first?["status"] == "failed", "\(models)")
        #expect(models.first?["error"]?.stringValue?.contains("At least 10 examples are required.") == true)

        let again = try await workspace.train()
        #expect(again.exitCode == 1, "\(again)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001", "ftjob-000002"], "a failure is never served")
        #expect(try workspace.stub.uploads() == ["file-000001"], "the upload is reused")
    }

    @Test("Three 429s in a row, then success: the training completes, having waited as told")
    func tooManyRequests() async throws {
        let workspace = try await Workspace(
            OpenAIBackendTests.quickJob.merging([
                "faults": [
                    [
                        "id": "429", "method": "POST", "path": "/v1/fine_tuning/jobs", "status": 429,
                        "retry_after": "0.3", "times": 3, "message": "Rate limit reached for requests.",
                    ]
                ]
            ]))
        let result = try await workspace.train()
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001\n")
        let creations = try workspace.stub.requests("POST", "/v1/fine_tuning/jobs")
        #expect(creations.map(\.status) == [429, 429, 429, 200])
        for (before, after) in zip(creations, creations.dropFirst()) {
            #expect(after.time - before.time >= 0.3, "waited the 0.3 s that Retry-After asked for")
        }
        #expect(result.stderr.contains("retrying"), "retries are reported: \(result)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"])
    }

    @Test("Ctrl-C: the job is cancelled on the service, the run recorded cancelled, exit 130")
    func interrupt() async throws {
        let workspace = try await Workspace(["phases": [["validating_files", 20], ["running", .null]]])
        let log = workspace.stub.folder.path("log.jsonl")
        let shell = """
            \(workspace.shellTrain()) > /dev/null 2> '\(workspace.cli.folder.path("stderr"))' &
            pid=$!
            # The first poll of the job comes after its id is in the store (the stub logs the creation
            # before answering it: an interrupt then would meet a request still under way).
            for i in $(seq 300); do grep -q '"path": "/v1/fine_tuning/jobs/ftjob-000001"' '\(log)' && break; sleep 0.05; done
            kill -INT $pid
            wait $pid
            echo "exit=$?"
            """
        let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 60)
        let stderr = (try? String(contentsOfFile: workspace.cli.folder.path("stderr"), encoding: .utf8)) ?? ""
        #expect(result.stdout.contains("exit=130"), "\(result)\n\(stderr)")
        #expect(stderr.contains("Interrupted: the job was cancelled"), "\(stderr)")
        let requests = try workspace.stub.requests()
        #expect(
            try workspace.stub.requests("POST", "/v1/fine_tuning/jobs/ftjob-000001/cancel").map(\.status) == [200],
            "\(requests)\n\(stderr)")
        #expect(try await workspace.models().first?["status"] == "cancelled")
    }

    @Test("Ctrl-C while the answer to the job's creation is on its way: the job is still cancelled on the service")
    func interruptWhileTheJobIsCreated() async throws {
        // The stub creates the job and logs it, then holds its answer back for 2 s; the signal comes in
        // that window, when the client does not know the job's id yet. Before, the start was cut short and
        // the job ran on at the service.
        let workspace = try await Workspace([
            "phases": [["validating_files", 20], ["running", .null]],
            "faults": [["id": "hold", "method": "POST", "path": "/v1/fine_tuning/jobs", "hold_after_ms": 2_000]],
        ])
        let log = workspace.stub.folder.path("log.jsonl")
        let shell = """
            \(workspace.shellTrain()) > /dev/null 2> '\(workspace.cli.folder.path("stderr"))' &
            pid=$!
            for i in $(seq 1200); do grep -q '"created": "ftjob-000001"' '\(log)' && break; sleep 0.05; done
            kill -INT $pid
            wait $pid
            echo "exit=$?"
            """
        let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 120)
        let stderr = (try? String(contentsOfFile: workspace.cli.folder.path("stderr"), encoding: .utf8)) ?? ""
        #expect(result.stdout.contains("exit=130"), "\(result)\n\(stderr)")
        let requests = try workspace.stub.requests()
        #expect(
            try workspace.stub.requests("POST", "/v1/fine_tuning/jobs/ftjob-000001/cancel").map(\.status) == [200],
            "\(requests)\n\(stderr)")
        #expect(try workspace.stub.jobsCreated() == ["ftjob-000001"])
        let stored = try await workspace.models().first
        #expect(
            stored?["status"] == "cancelled" && stored?["job_id"] == "ftjob-000001", "\(String(describing: stored))")
    }

    @Test("No OPENAI_API_KEY: a clear error before anything is sent or stored")
    func missingKey() async throws {
        let workspace = try await Workspace()
        let result = try await workspace.train(environment: ["OPENAI_API_KEY": ""])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("OPENAI_API_KEY is not set"), "\(result)")
        #expect(try workspace.stub.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.cli.db), "no database made")
    }

    @Test("A 401: the service's refusal, and the key appears nowhere: not in output, not in the store")
    func unauthorized() async throws {
        let workspace = try await Workspace()
        let secret = "sk-this-key-is-wrong-and-secret-99"
        let result = try await workspace.train(["-v"], environment: ["OPENAI_API_KEY": secret])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("refused the API key (HTTP 401, invalid_api_key)"), "\(result)")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(result)")
        #expect(try workspace.stub.requests().map(\.status) == [401], "a 401 is not retried")
        // With --format json the error carries the backend's code, not a generic one.
        let json = try await workspace.train(["--format", "json"], environment: ["OPENAI_API_KEY": secret])
        #expect(json.exitCode == 1, "\(json)")
        let error = try JSONValue(parsing: Data(json.stderr.utf8))
        #expect(error["error"]?["code"] == "unauthorized", "\(json)")
        #expect(!json.stderr.contains(secret))
        let models = try await workspace.cli.run(["models", "--format", "json"])
        #expect(!models.stdout.contains(secret))
        for file in try FileManager.default.contentsOfDirectory(atPath: workspace.cli.folder.path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: workspace.cli.folder.path(file)))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the key is in \(file)")
        }
    }

    @Test("A dataset that is not JSONL of chat examples: the bad line's number, and nothing uploaded")
    func notChatData() async throws {
        let workspace = try await Workspace()
        let bad = try workspace.cli.write(
            "bad.jsonl",
            #"{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}"# + "\n"
                + #"{"prompt": "a", "completion": "b"}"# + "\n")
        let result = try await workspace.train(dataset: bad)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains(#"bad.jsonl line 2: no "messages" member"#), "\(result)")
        #expect(try workspace.stub.uploads().isEmpty)
        #expect(try workspace.stub.jobsCreated().isEmpty)
    }

    @Test("An unknown base model: the service's 4xx message, not retried")
    func unknownModel() async throws {
        let workspace = try await Workspace()
        let config = try workspace.cli.write(
            "nope.json", #"{"base_model": "gpt-nope", "hyperparameters": {"n_epochs": 1}}"#)
        let result = try await workspace.train(config: config)
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stderr.contains(#"Model "gpt-nope" is not available for fine-tuning or does not exist."#),
            "\(result)")
        #expect(try workspace.stub.requests("POST", "/v1/fine_tuning/jobs").map(\.status) == [400])
    }

    @Test("-v shows the job's events; a command after -- still means a process backend, even named openai")
    func eventsAndProcessBackend() async throws {
        let workspace = try await Workspace()
        let verbose = try await workspace.train(["-v"])
        #expect(verbose.exitCode == 0, "\(verbose)")
        #expect(verbose.stderr.contains("ftjob-000001: The job has successfully completed"), "\(verbose)")

        let process = try await workspace.cli.run(
            [
                "train", "--backend", "openai", "--dataset", workspace.cli.dataset, "--config", workspace.cli.config,
                "--", "/bin/sh", workspace.cli.trainScript,
            ], environment: ["OPENAI_API_KEY": ""])
        #expect(process.exitCode == 0, "\(process)")
        #expect(workspace.cli.trainCalls == 1)

        let noCommand = try await workspace.cli.run(
            ["train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config])
        #expect(noCommand.exitCode == 64, "\(noCommand)")
        #expect(noCommand.stderr.contains("or --backend openai"), "\(noCommand)")
    }
}
