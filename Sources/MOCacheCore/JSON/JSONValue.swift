/// A JSON document as an immutable value: what configurations, parameters and metrics are made of.
///
/// Numbers are IEEE-754 doubles, as RFC 8785 (the JSON Canonicalization Scheme) defines them, so two
/// documents that differ only in how a number is written (`1`, `1.0`, `1e0`) are the same value and
/// have the same ``configHash``.
///
/// Make one from JSON text with `init(parsing:)` or from any `Encodable` value
/// with ``init(encoding:)``, or write one as a literal (`["lr": 0.001, "epochs": 3]`). Parsing and
/// encoding reject what has no canonical form (NaN, infinities, integers beyond ±2^53, duplicate
/// object keys, invalid UTF-8) with a ``MOCacheError`` naming the JSON path; ``canonicalJSON()``
/// and ``configHash()`` reject the same for values built directly.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A finite number.
    case number(Double)
    /// A string of Unicode scalars.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// Members by name. Order carries no meaning: canonical form sorts them.
    case object([String: JSONValue])
}
