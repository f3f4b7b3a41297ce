import Dispatch
import MOCacheCore

/// Runs CPU-bound work on a dispatch queue, so a long computation never holds one of Swift's
/// cooperative threads.
func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
