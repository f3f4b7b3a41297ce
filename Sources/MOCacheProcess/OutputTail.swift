import Foundation

/// The last bytes a child wrote to one of its output pipes.
///
/// Keeps at most twice its limit between trims, so a chatty child costs one copy of the limit per limit's
/// worth of output rather than one per chunk.
struct OutputTail: Sendable {
    /// How many of the last bytes are kept.
    let limit: Int
    private var bytes: [UInt8] = []

    /// An empty tail that keeps the last `limit` bytes.
    init(keepingLast limit: Int) {
        self.limit = limit
    }

    /// Adds `chunk` at the end.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
        if bytes.count > 2 * limit {
            bytes.removeFirst(bytes.count - limit)
        }
    }

    /// The last `limit` bytes.
    var contents: Data {
        Data(bytes.suffix(limit))
    }
}
