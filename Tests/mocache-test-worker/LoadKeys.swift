import Foundation
import Logging
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys, values and output lines of the load and fault commands (`mixed-load`, `write-loop`,
/// `fill-then-free`), which the fault tests parse.
///
/// Every write a command got acknowledged is printed as one line, written with a single `write(2)`
/// the moment the store returned, so that the line is in the output file even when the process is
/// killed right after:
/// - `ack training DATASET_HASH CONFIG_HASH MODEL_ID`: a training run finished as succeeded;
/// - `ack eval MODEL_ID TASK PARAMS_HASH SCORE`: an evaluation finished with metric `score`;
/// - `ack shared CONFIG_HASH MODEL_ID`: a run of a key that every worker races for (dataset hash
///   ``sharedDatasetHash``), claimed and finished by this worker;
/// - `hit DATASET_HASH CONFIG_HASH`: one hit counted on a training run (written by `close()`).
enum LoadKeys {
    /// The backend of every key the load commands write.
    static let backendID = "load"

    /// The dataset hash of the keys that all workers race for.
    static let sharedDatasetHash = hex64(0x5EA7_ED00)

    /// A 64-hex-character hash made from a number.
    static func hex64(_ number: UInt64) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    /// The training key that worker `worker` writes at step `index`, and no other worker does.
    static func ownTrainingKey(worker: Int, index: Int) -> TrainingKey {
        TrainingKey(
            backendID: backendID, datasetHash: hex64(0xDA7A_0000 + UInt64(worker)),
            configHash: hex64(UInt64(worker) << 32 | UInt64(index)))
    }

    /// The config stored with an own training key.
    static func ownConfig(worker: Int, index: Int, padding: Int = 0) -> JSONValue {
        .object([
            "worker": .number(Double(worker)), "index": .number(Double(index)),
            "padding": .string(String(repeating: "p", count: padding)),
        ])
    }

    /// The model id recorded for a training key: readers check it against the key they looked up.
    static func modelID(_ key: TrainingKey) -> String {
        "model-\(key.configHash.suffix(16))"
    }

    /// The evaluation key that worker `worker` writes at step `index`.
    static func ownEvalKey(worker: Int, index: Int) -> EvalKey {
        EvalKey(
            backendID: "harness", modelID: "model-of-\(worker)", task: "task-\(index)",
            paramsHash: hex64(UInt64(worker) << 32 | UInt64(index)))
    }

    /// The `score` metric recorded for an own evaluation key.
    static func score(index: Int) -> Double {
        Double(index) / 8
    }

    /// One of the keys every worker races for.
    static func sharedKey(_ number: Int) -> TrainingKey {
        TrainingKey(backendID: backendID, datasetHash: sharedDatasetHash, configHash: hex64(UInt64(number)))
    }

    /// Only warnings and errors on stderr: the tests treat any output there as a failure.
    static let logger: Logger = {
        var logger = Logger(label: "mocache.worker") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }()

    /// Writes `line` and a newline to stdout at once, unbuffered.
    static func emit(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(STDOUT_FILENO, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }

    /// A whole-number option, or `fallback` when it is missing.
    static func integer(_ options: WorkerOptions, _ name: String, fallback: Int? = nil) throws -> Int {
        guard let text = options[name] else {
            if let fallback { return fallback }
            throw WorkerUsageError(message: "missing \(name)")
        }
        guard let value = Int(text) else { throw WorkerUsageError(message: "\(name) must be a whole number") }
        return value
    }
}

/// A check made by a load command failed: what it read contradicts what was written.
struct LoadCheckFailure: Error, CustomStringConvertible {
    let description: String
}
