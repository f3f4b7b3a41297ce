import ArgumentParser
import Foundation
import MOCache

/// `mocache ps`: the entries that are pending or running now, with who runs them and their leases.
struct PsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ps",
        abstract: "Show the trainings and evals that are pending or running: host, pid, elapsed time, lease expiry.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run(formats: [.text, .json, .csv]) { context in
            let (runs, results) = try await context.withStore(.readOnly) { store in
                var runs: [TrainingRunRecord] = []
                var results: [EvalResultRecord] = []
                for status in [EntryStatus.pending, .running] {
                    runs += try await store.trainingRuns(matching: TrainingRunFilter(status: status))
                    results += try await store.evalResults(matching: EvalResultFilter(status: status))
                }
                return (runs, results)
            }
            let now = Date()
            let rows: [JSONValue] =
                runs.map { run in
                    Self.row(
                        id: EntryID.training(run.id).reference, kind: "training", backend: run.key.backendID,
                        what: run.modelID ?? run.config["base_model"]?.stringValue ?? "", status: run.status,
                        since: run.startedAt ?? run.createdAt, host: run.host, pid: run.pid, lease: run.lease,
                        now: now)
                }
                + results.map { result in
                    Self.row(
                        id: EntryID.eval(result.id).reference, kind: "eval", backend: result.key.backendID,
                        what: "\(result.key.modelID) \(result.key.task)", status: result.status,
                        since: result.startedAt ?? result.createdAt, host: result.host, pid: result.pid,
                        lease: result.lease, now: now)
                }
            switch context.dataFormat {
            case .json: context.console.writeJSON(.array(rows))
            case .csv: context.console.write(CSV.records(rows))
            case .text:
                guard !rows.isEmpty else {
                    context.console.message("Nothing is pending or running.")
                    return
                }
                var table = TextTable([
                    .init("ID"), .init("KIND"), .init("BACKEND"), .init("WHAT"), .init("STATUS"), .init("HOST"),
                    .init("PID", rightAligned: true), .init("ELAPSED", rightAligned: true), .init("LEASE"),
                ])
                for row in rows {
                    func text(_ name: String) -> String {
                        switch row[name] {
                        case .string(let value)?: return TrainingBackendOptions.printable(value)
                        case .number(let value)?: return JSONValue.number(value).compactText
                        default: return "-"
                        }
                    }
                    let lease = row["lease_expires_in_s"]?.doubleValue.map {
                        $0 >= 0 ? "expires in \(HumanFormat.duration($0))" : "expired \(HumanFormat.duration(-$0)) ago"
                    }
                    table.append([
                        TextTable.Cell(text("id")), TextTable.Cell(text("kind")), TextTable.Cell(text("backend")),
                        TextTable.Cell(text("what")), TextTable.Cell(text("status")), TextTable.Cell(text("host")),
                        TextTable.Cell(text("pid")),
                        TextTable.Cell(row["elapsed_s"]?.doubleValue.map(HumanFormat.duration) ?? "-"),
                        TextTable.Cell(lease ?? "-"),
                    ])
                }
                context.console.write(table.render(style: context.console.out))
            }
        }
    }

    private static func row(
        id: String, kind: String, backend: String, what: String, status: EntryStatus, since: Date, host: String?,
        pid: Int32?, lease: Lease?, now: Date
    ) -> JSONValue {
        [
            "id": .string(id), "kind": .string(kind), "backend": .string(backend), "what": .string(what),
            "status": .string(status.rawValue), "host": JSONShapes.string(host),
            "pid": JSONShapes.integer(pid.map(Int.init)), "since": JSONShapes.time(since),
            "elapsed_s": .number(max(0, now.timeIntervalSince(since))),
            "lease_owner": JSONShapes.string(lease?.owner), "lease_expires_at": JSONShapes.time(lease?.expiresAt),
            "lease_expires_in_s": JSONShapes.number(lease.map { $0.expiresAt.timeIntervalSince(now) }),
        ]
    }
}
