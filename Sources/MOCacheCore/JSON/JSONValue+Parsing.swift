import Foundation

extension JSONValue {
    /// Reads a JSON document from text, strictly.
    ///
    /// Use it for configurations and parameters that come as JSON text: a file, a command-line
    /// argument, an API payload. The parser follows RFC 8259 exactly (whitespace between tokens,
    /// nothing after the value) and refuses what has no single canonical form, so that two texts
    /// that read the same also hash the same:
    ///
    /// ```swift
    /// let config = try JSONValue(parsing: #"{"lr": 1e-3, "epochs": 3}"#)
    /// let other = try JSONValue(parsing: #"{ "epochs": 3.0, "lr": 0.001 }"#)
    /// assert(try config.configHash() == other.configHash())
    /// ```
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` whose message names
    ///   the JSON path of the offending value (`$.hyperparameters.lr`) and what is wrong: a syntax
    ///   error (with its line and column), a duplicate member name, an integer written without
    ///   fraction or exponent beyond ±2^53, a number too large for a double, a lone UTF-16 surrogate
    ///   escape such as `"\ud800"`, or containers nested more than 512 levels deep.
    public init(parsing text: some StringProtocol) throws {
        var string = String(text)
        self = try string.withUTF8 { buffer in
            try JSONParser.parseDocument(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Reads a JSON document from UTF-8 bytes, strictly.
    ///
    /// The same as parsing text, and the bytes must also be valid UTF-8 (no
    /// byte order mark, no overlong forms, no encoded surrogates).
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig``, naming the JSON path
    ///   and what is wrong, including where invalid UTF-8 sits.
    public init(parsing data: Data) throws {
        self = try data.withUnsafeBytes { buffer in
            try JSONParser.parseDocument(buffer)
        }
    }

    /// Reads a JSON document that is not a configuration (a job's output line, a record of an import
    /// file) from UTF-8 bytes, as strictly as ``init(parsing:)-(Data)``; its error reads `PATH: PROBLEM`.
    package init(parsingDocument data: Data, code: MOCacheError.Code = .invalidInput) throws {
        self = try data.withUnsafeBytes { buffer in
            try JSONParser.parseDocument(buffer, code: code)
        }
    }
}
