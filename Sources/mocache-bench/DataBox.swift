import Foundation

/// Bytes read on another thread.
///
/// `@unchecked Sendable`: written once by the reading block, read only after `DispatchGroup.wait()`,
/// which orders the write before the read.
final class DataBox: @unchecked Sendable {
    var data = Data()
}
