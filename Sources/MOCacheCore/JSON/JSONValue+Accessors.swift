extension JSONValue {
    /// The member with this name, when this value is an object that has it; otherwise `nil`.
    ///
    /// ```swift
    /// let lr = config["hyperparameters"]?["lr"]?.doubleValue
    /// ```
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The members, when this value is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The elements, when this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The string, when this value is a string.
    public var stringValue: String? {
        if case .string(let string) = self { string } else { nil }
    }

    /// The number, when this value is a number.
    public var doubleValue: Double? {
        if case .number(let number) = self { number } else { nil }
    }

    /// The flag, when this value is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { flag } else { nil }
    }
}
