import MOCache

extension JSONValue {
    /// Every place where `old` and this value differ, as paths with both values: a pure function.
    ///
    /// Objects are compared member by member, recursively: a member in only one of them is
    /// ``JSONDifference/Kind/added`` or ``JSONDifference/Kind/removed``. Arrays are compared position by
    /// position; the elements past the end of the shorter one are added or removed. Two values of
    /// different types, or two different scalars, are one ``JSONDifference/Kind/changed`` at their path.
    /// Numbers compare as the same value when they are equal as numbers, as in the canonical form
    /// (`1`, `1.0` and `1e0` are one value; `0` and `-0` too): no difference is reported where the
    /// canonical forms agree.
    ///
    /// The differences come in document order: members sorted by name as in the canonical form,
    /// array elements by position.
    ///
    /// ```swift
    /// let stored: JSONValue = ["hyperparameters": ["learning_rate": 0.0001, "epochs": 3]]
    /// let asked: JSONValue = ["hyperparameters": ["learning_rate": 0.001, "epochs": 3, "warmup": 10]]
    /// for difference in asked.differences(from: stored) { print(difference) }
    /// // $.hyperparameters.learning_rate: 0.0001 -> 0.001
    /// // $.hyperparameters.warmup: added 10
    /// ```
    ///
    /// - Parameter old: The document to compare against.
    /// - Returns: The differences from `old` to this value; empty when they are equal.
    public func differences(from old: JSONValue) -> [JSONDifference] {
        var differences: [JSONDifference] = []
        var path: [JSONPath.Component] = []
        Self.collectDifferences(old: old, new: self, path: &path, into: &differences)
        return differences
    }

    private static func collectDifferences(
        old: JSONValue, new: JSONValue, path: inout [JSONPath.Component], into differences: inout [JSONDifference]
    ) {
        switch (old, new) {
        case (.object(let oldMembers), .object(let newMembers)):
            let names = Set(oldMembers.keys).union(newMembers.keys).sorted(by: Self.canonicalOrder)
            for name in names {
                path.append(.key(name))
                switch (oldMembers[name], newMembers[name]) {
                case (let oldValue?, let newValue?):
                    collectDifferences(old: oldValue, new: newValue, path: &path, into: &differences)
                case (let oldValue, let newValue):
                    differences.append(
                        JSONDifference(path: JSONPath(path).description, old: oldValue, new: newValue))
                }
                path.removeLast()
            }
        case (.array(let oldElements), .array(let newElements)):
            for index in 0..<max(oldElements.count, newElements.count) {
                path.append(.index(index))
                // `.none`, not `nil`: JSONValue is expressible by a nil literal, which would make `null`.
                let oldValue: JSONValue? = index < oldElements.count ? .some(oldElements[index]) : .none
                let newValue: JSONValue? = index < newElements.count ? .some(newElements[index]) : .none
                if let oldValue, let newValue {
                    collectDifferences(old: oldValue, new: newValue, path: &path, into: &differences)
                } else {
                    differences.append(
                        JSONDifference(path: JSONPath(path).description, old: oldValue, new: newValue))
                }
                path.removeLast()
            }
        default:
            if old != new {
                differences.append(JSONDifference(path: JSONPath(path).description, old: old, new: new))
            }
        }
    }

    /// The order of member names in the canonical form: by UTF-16 code units.
    private static func canonicalOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }
}
