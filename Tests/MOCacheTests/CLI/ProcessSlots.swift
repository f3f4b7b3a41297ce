/// A limit on how many `mocache` processes the CLI tests run at once.
///
/// The tests run in parallel, and each starts short-lived processes; without a limit, dozens of them
/// compete for the machine's cores with the rest of the suite, whose lease tests count seconds. Two at
/// a time keeps the CLI suite quick without starving anyone. Tests that race processes on purpose go
/// around it.
actor ProcessSlots {
    /// The slots the CLI tests share.
    static let shared = ProcessSlots(count: 2)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    /// Runs `body` once a slot is free.
    func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
