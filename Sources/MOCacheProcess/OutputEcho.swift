import Dispatch
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Copies a child's output to this process's standard error, in the order it arrives.
///
/// Owns a serial queue whose thread does the blocking `write(2)`: a slow terminal holds up the reading of
/// the child's output (and so the child, as a terminal should) without holding a cooperative thread.
final class OutputEcho: Sendable {
    private let queue = DispatchQueue(label: "mocache.process.echo")

    /// Writes `buffer` to standard error and returns once it is written.
    func write(_ buffer: SubprocessOutputSequence.Buffer) async {
        await withCheckedContinuation { continuation in
            queue.async {
                buffer.withUnsafeBytes { Self.writeAll($0) }
                continuation.resume()
            }
        }
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer) {
        do {
            _ = try FileDescriptor.standardError.writeAll(bytes)
        } catch {
            // Standard error is closed or broken: there is nobody to echo to, and the job goes on.
        }
    }
}
