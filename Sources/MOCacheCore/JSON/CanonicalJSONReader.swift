/// A fast reader for the JSON the store writes itself: RFC 8785 canonical text of plain ASCII.
///
/// Stores read back the documents they wrote (configs, params, metadata), and the strict parser
/// (``JSONValue/init(parsing:)-(StringProtocol)``), which checks everything a user's document can get
/// wrong, costs as much as an SQLite lookup. Canonical text written by the store needs
/// none of those checks: no whitespace, no escapes in ASCII strings, no duplicate members, numbers in
/// their shortest form. This reader handles exactly that subset and gives up (returns `nil`) on anything
/// else — a string with an escape or a non-ASCII character, a number with more than 15 significant
/// digits, an unexpected byte — so that the strict parser reads those documents instead. A property
/// test checks that both readers agree on canonical text.
package struct CanonicalJSONReader {
    private let bytes: UnsafeRawBufferPointer
    /// Whether to build the values read; `false` only checks that the text is in the fast subset.
    private let building: Bool
    private var position = 0

    /// Reads a whole document, or returns `nil` when it is outside the fast subset.
    package static func read(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        var reader = CanonicalJSONReader(bytes: bytes, building: true)
        guard let value = reader.value(depth: 0), reader.position == bytes.count else { return nil }
        return value
    }

    /// Whether ``read(_:)`` reads the document: the same checks, building nothing, allocating nothing.
    ///
    /// This is what lets a record keep the text and parse it on first use (``DeferredJSON``) with the
    /// certainty that the parse succeeds.
    package static func canRead(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var reader = CanonicalJSONReader(bytes: bytes, building: false)
        return reader.value(depth: 0) != nil && reader.position == bytes.count
    }

    private init(bytes: UnsafeRawBufferPointer, building: Bool) {
        self.bytes = bytes
        self.building = building
    }

    private var next: UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard depth < 64, let byte = next else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number().map { .number($0) }
        }
    }

    private mutating func object(depth: Int) -> JSONValue? {
        position += 1
        var members: [String: JSONValue] = [:]
        if next == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            guard next == UInt8(ascii: "\""), let key = string(), next == UInt8(ascii: ":") else { return nil }
            position += 1
            guard let member = value(depth: depth + 1) else { return nil }
            if building { members[key] = member }
            switch next {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: return nil
            }
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        position += 1
        var elements: [JSONValue] = []
        if next == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            guard let element = value(depth: depth + 1) else { return nil }
            if building { elements.append(element) }
            switch next {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: return nil
            }
        }
    }

    /// A string of printable ASCII without escapes, or `nil`.
    private mutating func string() -> String? {
        position += 1
        let start = position
        while let byte = next {
            if byte == UInt8(ascii: "\"") {
                let text =
                    building
                    ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self) : ""
                position += 1
                return text
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return nil }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
            return nil
        }
        position += count
        return value
    }

    /// Powers of ten that doubles hold exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// A number written as `-?digits(.digits)?` with at most 15 significant digits, or `nil`.
    ///
    /// Such a number is its digits as an integer (exact in a double) divided by a power of ten (exact up
    /// to 10^22): one correctly rounded division gives the same double as a full decimal conversion.
    private mutating func number() -> Double? {
        var negative = false
        if next == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        let start = position
        while let byte = next {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa = mantissa &* 10 &+ Int64(byte - UInt8(ascii: "0"))
                if mantissa != 0 || seenPoint { digits += 1 }
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint, position > start {
                seenPoint = true
            } else {
                break
            }
            position += 1
        }
        guard position > start, bytes[position - 1] != UInt8(ascii: "."), digits <= 15,
            fractionDigits < Self.exactPowersOfTen.count
        else { return nil }
        // A leading zero stands alone before the point: "0.5", never "05".
        if bytes[start] == UInt8(ascii: "0"), position > start + 1, bytes[start + 1] != UInt8(ascii: ".") {
            return nil
        }
        if let byte = next, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return nil }
        let magnitude = Double(mantissa) / Self.exactPowersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }
}
