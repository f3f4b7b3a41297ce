extension JSONValue {
    /// This value as one line of JSON for messages: the canonical form, in which a number that has
    /// none (NaN, an infinity) is written `NaN`, `Infinity` or `-Infinity`.
    public var compactText: String {
        switch self {
        case .number(let number) where !number.isFinite:
            return number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity")
        case .array(let elements):
            return "[" + elements.map(\.compactText).joined(separator: ",") + "]"
        case .object(let members):
            let sorted = members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            return "{"
                + sorted.map { JSONValue.string($0.key).compactText + ":" + $0.value.compactText }
                .joined(separator: ",") + "}"
        default:
            // A finite scalar always has a canonical form.
            return (try? canonicalJSON()) ?? prettyJSON()
        }
    }
}
