import Foundation
import MOCache

/// Any stored entry, training run or eval result, as the inspection commands list and remove them.
public enum StoredEntry: Hashable, Sendable {
    /// A training run.
    case training(TrainingRunRecord)
    /// An evaluation result.
    case eval(EvalResultRecord)

    /// The entry's id.
    public var id: EntryID {
        switch self {
        case .training(let run): .training(run.id)
        case .eval(let result): .eval(result.id)
        }
    }

    /// The entry's key.
    public var key: EntryKey {
        switch self {
        case .training(let run): .training(run.key)
        case .eval(let result): .eval(result.key)
        }
    }

    /// The backend id of its key.
    public var backendID: String {
        switch self {
        case .training(let run): run.key.backendID
        case .eval(let result): result.key.backendID
        }
    }

    /// Where it stands.
    public var status: EntryStatus {
        switch self {
        case .training(let run): run.status
        case .eval(let result): result.status
        }
    }

    /// When its key was first claimed.
    public var createdAt: Date {
        switch self {
        case .training(let run): run.createdAt
        case .eval(let result): result.createdAt
        }
    }

    /// The claim of the worker doing its job, while one is.
    public var lease: Lease? {
        switch self {
        case .training(let run): run.lease
        case .eval(let result): result.lease
        }
    }

    /// Whether a worker holds a live claim on it at `date`: its job is being done right now.
    public func isInFlight(at date: Date) -> Bool {
        (status == .pending || status == .running) && (lease?.isLive(at: date) ?? false)
    }

    /// One line for a person: `t12 process:train model ft-abc (config 1a2b3c4d5e6f) succeeded`.
    public var summary: String {
        switch self {
        case .training(let run):
            "\(id.reference) \(run.key.backendID) model \(run.modelID ?? "-") "
                + "(dataset \(run.key.datasetHash.prefix(12)), config \(run.key.configHash.prefix(12))) "
                + run.status.rawValue
        case .eval(let result):
            "\(id.reference) \(result.key.backendID) \(result.key.modelID) task \(result.key.task) "
                + "(params \(result.key.paramsHash.prefix(12))) \(result.status.rawValue)"
        }
    }
}
