extension JSONValue {
    /// This value as indented JSON for people: members sorted as in the canonical form, two spaces
    /// per level, `"name": value`, and numbers written the canonical way.
    ///
    /// Use it to show a configuration (`mocache show`); hash ``canonicalJSON()`` instead, never this.
    /// It never fails: a NaN or infinite number, which has no JSON form, is shown as `NaN`,
    /// `Infinity` or `-Infinity`.
    ///
    /// ```swift
    /// let config: JSONValue = ["lr": 0.001, "layers": [64, 64]]
    /// print(config.prettyJSON())
    /// // {
    /// //   "layers": [
    /// //     64,
    /// //     64
    /// //   ],
    /// //   "lr": 0.001
    /// // }
    /// ```
    public func prettyJSON() -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendPretty(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
