import MOCache

/// One place where two JSON documents differ: a value changed, added or removed.
///
/// ``JSONValue/differences(from:)`` makes these; `mocache why-miss` shows them to explain why a
/// configuration is not in the store.
public struct JSONDifference: Hashable, Sendable, CustomStringConvertible {
    /// How the value at ``path`` differs.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Present in both documents with different values (or different types).
        case changed
        /// Present only in the new document.
        case added
        /// Present only in the old document.
        case removed
    }

    /// Where the value is, written the JSONPath way: `$.hyperparameters.learning_rate`, `$.layers[2]`,
    /// `$["odd key"]`.
    public let path: String
    /// The value in the old document, or `nil` when it has none there.
    public let old: JSONValue?
    /// The value in the new document, or `nil` when it has none there.
    public let new: JSONValue?

    /// Makes a difference; at least one of `old` and `new` is expected.
    public init(path: String, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// Whether the value changed, was added or was removed.
    public var kind: Kind {
        switch (old, new) {
        case (nil, _): .added
        case (_, nil): .removed
        default: .changed
        }
    }

    /// The difference for a person: `$.lr: 0.0001 -> 0.001`, `$.suffix: added "v2"`,
    /// `$.namespace: removed "exp-1"`.
    public var description: String {
        switch (old, new) {
        case (let old?, let new?): "\(path): \(old.compactText) -> \(new.compactText)"
        case (nil, let new?): "\(path): added \(new.compactText)"
        case (let old?, nil): "\(path): removed \(old.compactText)"
        case (nil, nil): "\(path): (no values)"
        }
    }
}
