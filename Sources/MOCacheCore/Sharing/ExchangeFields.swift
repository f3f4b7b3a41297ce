import Foundation

/// Typed access to the members of an export record, with errors that name the member.
struct ExchangeFields {
    /// What is wrong, and where.
    struct Problem: Error {
        let path: String
        let reason: String
    }

    let members: [String: JSONValue]

    init(_ json: JSONValue) throws {
        guard case .object(let members) = json else {
            throw Problem(path: "$", reason: "a record must be a JSON object")
        }
        self.members = members
    }

    func problem(_ name: String, _ reason: String) -> Problem {
        Problem(path: JSONPath([.key(name)]).description, reason: reason)
    }

    /// A member that must be present (and not null).
    func value(_ name: String) throws -> JSONValue {
        guard let value = members[name], value != .null else { throw problem(name, "missing") }
        return value
    }

    /// A member that may be absent or null.
    func optionalValue(_ name: String) throws -> JSONValue? {
        guard let value = members[name], value != .null else { return nil }
        return value
    }

    func string(_ name: String) throws -> String {
        guard case .string(let string) = try value(name), !string.isEmpty else {
            throw problem(name, "must be a non-empty string")
        }
        return string
    }

    /// A non-empty string that names something in a key (a backend, a model, a task): no control
    /// characters (``IdentifierText``).
    func identifier(_ name: String) throws -> String {
        let string = try string(name)
        if let problem = IdentifierText.problem(string) { throw self.problem(name, problem) }
        return string
    }

    func optionalString(_ name: String) throws -> String? {
        guard let value = try optionalValue(name) else { return nil }
        guard case .string(let string) = value else { throw problem(name, "must be a string") }
        return string
    }

    func object(_ name: String) throws -> JSONValue {
        let value = try value(name)
        guard value.objectValue != nil else { throw problem(name, "must be a JSON object") }
        return value
    }

    func optionalInteger(_ name: String) throws -> Int? {
        guard let value = try optionalValue(name) else { return nil }
        guard case .number(let number) = value, number == number.rounded(), abs(number) < 1e15 else {
            throw problem(name, "must be a whole number")
        }
        return Int(number)
    }

    func optionalPID() throws -> Int32? {
        guard let pid = try optionalInteger("pid") else { return nil }
        guard let value = Int32(exactly: pid) else { throw problem("pid", "must be a process id") }
        return value
    }

    func hash(_ name: String) throws -> String {
        let text = try string(name)
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw problem(name, "must be 64 lowercase hex digits (a SHA-256)")
        }
        return text
    }

    func time(_ name: String) throws -> Date {
        guard let date = try optionalTime(name) else { throw problem(name, "missing") }
        return date
    }

    func optionalTime(_ name: String) throws -> Date? {
        guard let text = try optionalString(name) else { return nil }
        guard let date = ISO8601Timestamp.parse(text) else {
            throw problem(name, "must be an ISO-8601 time such as 2026-11-25T11:47:53.123Z")
        }
        return date
    }

    func requireSucceeded() throws {
        let status = try string("status")
        guard status == EntryStatus.succeeded.rawValue else {
            throw problem("status", "only succeeded entries are exchanged, not \"\(status)\"")
        }
    }

    /// Checks that a document hashes to the hash the record states.
    func checkHash(_ document: JSONValue, matches stated: String, of name: String) throws {
        let actual: String
        do {
            actual = try document.configHash()
        } catch let error as MOCacheError {
            throw problem(name, "has no canonical form: \(error.message)")
        }
        guard actual == stated else {
            throw problem(
                "\(name)_hash",
                "does not match \"\(name)\", whose hash is \(actual); the record was changed after it was exported")
        }
    }
}
