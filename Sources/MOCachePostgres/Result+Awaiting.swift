extension Result where Failure == any Error {
    /// The result of an async throwing operation, to act on after cleaning up.
    init(awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
