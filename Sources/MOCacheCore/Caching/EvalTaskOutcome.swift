import Foundation
import Logging

/// How one evaluation task came out.
enum EvalTaskOutcome: Sendable {
    /// Scored, here or by another worker, or served from the store.
    case scored(EvalTaskResult)
    /// Failed, with the error.
    case failed(String)
}
