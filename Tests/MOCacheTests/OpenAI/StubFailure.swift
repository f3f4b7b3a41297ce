/// The stub could not be started or read.
struct StubFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
