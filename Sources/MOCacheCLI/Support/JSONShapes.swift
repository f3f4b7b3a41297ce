import Foundation
import MOCache

/// The JSON shapes of `--format json`, documented in the README. Every member is always present
/// (`null` when empty), times are ISO-8601 UTC, durations are seconds.
enum JSONShapes {
    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(ISO8601Timestamp.format($0)) } ?? .null
    }

    static func string(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func number(_ value: Double?) -> JSONValue {
        value.map(JSONValue.number) ?? .null
    }

    /// Seconds, rounded to the millisecond.
    static func seconds(_ value: Double?) -> JSONValue {
        value.map { .number(($0 * 1_000).rounded() / 1_000) } ?? .null
    }

    static func integer(_ value: Int?) -> JSONValue {
        value.map { .number(Double($0)) } ?? .null
    }

    static func lease(_ lease: Lease?) -> JSONValue {
        guard let lease else { return .null }
        return ["owner": .string(lease.owner), "expires_at": time(lease.expiresAt)]
    }

    /// A training run.
    static func trainingRun(_ run: TrainingRunRecord) -> JSONValue {
        .object([
            "id": .string(EntryID.training(run.id).reference),
            "kind": "training",
            "backend": .string(run.key.backendID),
            "dataset_hash": .string(run.key.datasetHash),
            "config_hash": .string(run.key.configHash),
            "base_model": run.config["base_model"] ?? .null,
            "config": run.config,
            "status": .string(run.status.rawValue),
            "model_id": string(run.modelID),
            "metadata": run.metadata ?? .null,
            "job_id": string(run.jobID),
            "error": string(run.error),
            "created_at": time(run.createdAt),
            "started_at": time(run.startedAt),
            "finished_at": time(run.finishedAt),
            "duration_s": seconds(run.computeSeconds),
            "host": string(run.host),
            "pid": integer(run.pid.map(Int.init)),
            "lease": lease(run.lease),
            "hit_count": integer(run.hitCount),
            "last_hit_at": time(run.lastHitAt),
        ])
    }

    /// An eval result.
    static func evalResult(_ result: EvalResultRecord) -> JSONValue {
        .object([
            "id": .string(EntryID.eval(result.id).reference),
            "kind": "eval",
            "backend": .string(result.key.backendID),
            "model_id": .string(result.key.modelID),
            "task": .string(result.key.task),
            "params_hash": .string(result.key.paramsHash),
            "params": result.params,
            "status": .string(result.status.rawValue),
            "metrics": result.metrics.map { .object($0.mapValues(JSONValue.number)) } ?? .null,
            "sample_count": integer(result.sampleCount),
            "log_path": string(result.logPath),
            "job_id": string(result.jobID),
            "error": string(result.error),
            "created_at": time(result.createdAt),
            "started_at": time(result.startedAt),
            "finished_at": time(result.finishedAt),
            "duration_s": seconds(result.computeSeconds),
            "host": string(result.host),
            "pid": integer(result.pid.map(Int.init)),
            "lease": lease(result.lease),
            "hit_count": integer(result.hitCount),
            "last_hit_at": time(result.lastHitAt),
        ])
    }

    /// A training key.
    static func key(_ key: TrainingKey) -> JSONValue {
        [
            "backend": .string(key.backendID), "dataset_hash": .string(key.datasetHash),
            "config_hash": .string(key.configHash),
        ]
    }

    /// A difference between two JSON documents.
    static func difference(_ difference: JSONDifference) -> JSONValue {
        [
            "path": .string(difference.path), "kind": .string(difference.kind.rawValue),
            "old": difference.old ?? .null, "new": difference.new ?? .null,
        ]
    }
}
