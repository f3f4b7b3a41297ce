import Crypto
import Foundation

extension JSONValue {
    /// The RFC 8785 (JSON Canonicalization Scheme) form of this value: one exact text per value.
    ///
    /// Object members are sorted by the UTF-16 code units of their names, numbers are written the
    /// ECMAScript way (`1`, `0.001`, `1e+21`, `1e-7`; `-0` as `0`), strings escape only `"`, `\` and
    /// control characters, and there is no whitespace. Two documents that differ only in member
    /// order, whitespace or number spelling have the same canonical form.
    ///
    /// ```swift
    /// let config: JSONValue = ["lr": 0.001, "epochs": 3]
    /// try config.canonicalJSON()  // {"epochs":3,"lr":0.001}
    /// ```
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` naming the JSON path
    ///   of a NaN or infinite number, of a number beyond ±2^53 and below 10^21 (a whole number whose
    ///   canonical form would be an inexact integer literal), or of containers nested more than 512
    ///   levels deep.
    public func canonicalJSON() throws -> String {
        String(decoding: try canonicalBytes(), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``canonicalJSON()``: what ``configHash()`` hashes.
    ///
    /// - Throws: The same errors as ``canonicalJSON()``.
    public func canonicalData() throws -> Data {
        Data(try canonicalBytes())
    }

    /// The lowercase hex SHA-256 of ``canonicalData()``: the key of a configuration or of eval
    /// parameters in the store.
    ///
    /// It never changes between mocache versions for the same value: stored results stay reachable.
    ///
    /// - Throws: The same errors as ``canonicalJSON()``.
    public func configHash() throws -> String {
        SHA256.hash(data: try canonicalBytes()).lowercaseHex
    }

    /// The canonical bytes; errors name paths below `root` (for a value inside a larger whole, such
    /// as one record of a dataset).
    func canonicalBytes(below root: [JSONPath.Component] = []) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try JSONWriter.appendCanonical(self, to: &bytes)
        } catch {
            throw error.mocacheError(below: root)
        }
        return bytes
    }
}
