/// A problem found at a place in a document, thrown by the parser and the writers while they
/// unwind: each enclosing container adds its own step, so the happy path never builds a path.
package struct JSONPathError: Error {
    /// The steps from the problem up to the root, innermost first.
    package var reversedComponents: [JSONPath.Component]
    /// What is wrong, for a person.
    package let reason: String

    /// A problem at the current place.
    package init(_ reason: String) {
        self.reversedComponents = []
        self.reason = reason
    }

    /// Adds the step that led from the enclosing container to where the problem is.
    package func inside(_ component: JSONPath.Component) -> JSONPathError {
        var copy = self
        copy.reversedComponents.append(component)
        return copy
    }

    /// The problem as the public error, with its path below `root`.
    package func mocacheError(below root: [JSONPath.Component] = []) -> MOCacheError {
        let path = JSONPath(root + reversedComponents.reversed())
        return MOCacheError.invalidConfig(at: path.description, reason)
    }
}
