import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Export records")
struct ExchangeRecordTests {
    typealias F = InspectionFixtures

    static func trainingLine() throws -> String {
        let run = TrainingRunRecord(
            id: 9,
            key: TrainingKey(
                backendID: "process:train", datasetHash: F.hash("d"), configHash: try F.config(0.1).configHash()),
            config: F.config(0.1), status: .succeeded, jobID: "job-1", modelID: "ft-1", metadata: ["loss": 0.5],
            createdAt: F.start, startedAt: F.start + 1, finishedAt: F.start + 5.25, host: "box", pid: 42,
            hitCount: 3)
        return try ExchangeRecord.trainingRun(run).line()
    }

    @Test("a training run's line is canonical JSON with version and kind, and reads back")
    func trainingRoundTrip() throws {
        let line = try Self.trainingLine()
        #expect(line.hasPrefix(#"{"backend":"process:train","config":{"base_model":"tiny""#))
        #expect(line.contains(#""kind":"training_run""#))
        #expect(line.contains(#""version":1}"#))
        #expect(line.contains(#""finished_at":"2027-01-15T08:00:05.250Z""#))
        #expect(!line.contains("hit"))
        guard case .trainingRun(let run) = try ExchangeRecord(json: try JSONValue(parsing: line)) else {
            Issue.record("not a training run")
            return
        }
        #expect(run.modelID == "ft-1")
        #expect(run.metadata == ["loss": 0.5])
        #expect(run.jobID == "job-1" && run.host == "box" && run.pid == 42)
        #expect(run.finishedAt == F.start + 5.25)
        #expect(run.status == .succeeded)
        #expect(try ExchangeRecord.trainingRun(run).line() == line)
    }

    @Test("eval results and uploads read back")
    func evalAndUploadRoundTrip() throws {
        let result = try F.eval(id: 1, model: "ft-1", task: "mmlu", metrics: ["accuracy": 0.25, "n": 3])
        let upload = DatasetUpload(backendID: "openai", datasetHash: F.hash("a"), fileID: "file-x", uploadedAt: F.start)
        for record in [ExchangeRecord.evalResult(result), .datasetUpload(upload)] {
            let line = try record.line()
            #expect(try ExchangeRecord(json: try JSONValue(parsing: line)).line() == line)
        }
    }

    @Test(
        "bad records are errors naming the member",
        arguments: [
            (#"{"kind":"training_run"}"#, "$.version: missing"),
            (#"{"version":2,"kind":"training_run"}"#, "newer mocache"),
            (#"{"version":1,"kind":"model"}"#, "unknown kind"),
            (#"[1]"#, "$: a record must be a JSON object"),
            (
                #"{"version":1,"kind":"dataset_upload","backend":"b","dataset_hash":"ABC","file_id":"f","uploaded_at":"2026-01-01T00:00:00Z"}"#,
                "$.dataset_hash: must be 64 lowercase hex"
            ),
            (
                #"{"version":1,"kind":"dataset_upload","backend":"","dataset_hash":"x","file_id":"f"}"#,
                "$.backend: must be a non-empty string"
            ),
        ])
    func badRecords(text: String, message: String) throws {
        let error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: try JSONValue(parsing: text)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test("a record whose config was edited after export fails its hash check")
    func tampered() throws {
        let line = try Self.trainingLine().replacingOccurrences(
            of: #""learning_rate":0.1"#, with: #""learning_rate":0.2"#)
        let error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: try JSONValue(parsing: line)) }
        #expect(error?.message.contains("$.config_hash: does not match \"config\"") == true, "\(error?.message ?? "")")
    }

    @Test("only succeeded entries with their results are accepted")
    func statusAndResults() throws {
        var json = try #require(try JSONValue(parsing: try Self.trainingLine()).objectValue)
        json["status"] = "failed"
        var error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: .object(json)) }
        #expect(error?.message.contains("$.status: only succeeded entries") == true)
        json["status"] = "succeeded"
        json["model_id"] = nil
        error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: .object(json)) }
        #expect(error?.message.contains("$.model_id: missing") == true)
        json["model_id"] = "m"
        json["created_at"] = "yesterday"
        error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: .object(json)) }
        #expect(error?.message.contains("$.created_at: must be an ISO-8601 time") == true)
        json["created_at"] = "2026-01-01T00:00:00Z"
        json["unknown_member"] = "ignored"
        #expect(throws: Never.self) { try ExchangeRecord(json: .object(json)) }

        let result = try F.eval(id: 1, model: "m", task: "t", metrics: ["a": 1])
        var eval = try #require(ExchangeRecord.evalResult(result).json.objectValue)
        eval["metrics"] = ["a": "high"]
        error = #expect(throws: MOCacheError.self) { try ExchangeRecord(json: .object(eval)) }
        #expect(error?.message.contains("$.metrics.a: must be a finite number") == true)
    }
}
