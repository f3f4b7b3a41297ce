import MOCache

/// One request in the stub's log.
struct StubRequest: Sendable, CustomStringConvertible {
    let time: Double
    let method: String
    let path: String
    let status: Int
    /// The file or job the request made.
    let created: String?
    /// The fault rule that answered it.
    let fault: String?
    let idempotencyKey: String?
    /// `bearer` for the right key, `wrong` otherwise.
    let authorization: String?
    let json: JSONValue

    init(_ json: JSONValue) throws {
        guard let method = json["method"]?.stringValue, let path = json["path"]?.stringValue,
            let status = json["status"]?.doubleValue, let time = json["time"]?.doubleValue
        else { throw StubFailure(message: "unreadable log line \(json.compactText)") }
        self.time = time
        self.method = method
        self.path = path
        self.status = Int(status)
        self.created = json["created"]?.stringValue
        self.fault = json["fault"]?.stringValue
        self.idempotencyKey = json["idempotency_key"]?.stringValue
        self.authorization = json["authorization"]?.stringValue
        self.json = json
    }

    var description: String { "\(method) \(path) -> \(status)" }
}
