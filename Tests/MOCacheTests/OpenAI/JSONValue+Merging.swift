import MOCache

extension JSONValue {
    /// This object with `other`'s members added or replaced.
    func merging(_ other: JSONValue) -> JSONValue {
        .object((objectValue ?? [:]).merging(other.objectValue ?? [:]) { $1 })
    }
}
