/// A strict JSON parser (RFC 8259) over UTF-8 bytes, built for canonical keys.
///
/// It accepts exactly the JSON grammar (whitespace between tokens, nothing after the value) and
/// rejects, with the JSON path of the value at fault, whatever would make a document's canonical
/// form ambiguous or lossy: invalid UTF-8, lone UTF-16 surrogates written as escapes, duplicate
/// member names, numbers that are not finite doubles, integers written without a fraction or
/// exponent beyond ±2^53 (so two different large ids never round to the same key), numbers whose
/// canonical form would be such an integer (see ``JSONWriter/numberProblem(_:written:)``), and
/// containers nested more than ``JSONWriter/maximumDepth`` levels deep.
package struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    /// The largest integer magnitude that a double holds exactly with all smaller integers: 2^53.
    package static let largestExactInteger: UInt64 = 1 << 53

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one JSON document that fills all of `bytes`.
    ///
    /// - Throws: ``MOCacheError`` with code `invalidConfig`, naming the JSON path and what is wrong.
    package static func parseDocument(_ bytes: UnsafeRawBufferPointer) throws -> JSONValue {
        do {
            return try parse(bytes)
        } catch {
            throw error.mocacheError()
        }
    }

    /// Parses one JSON document that is not a configuration (a job's output, a line of an import file):
    /// the error names the JSON path and what is wrong, without the advice meant for configurations.
    ///
    /// - Throws: ``MOCacheError`` with code `code` and the message `PATH: PROBLEM`.
    package static func parseDocument(_ bytes: UnsafeRawBufferPointer, code: MOCacheError.Code) throws -> JSONValue {
        do {
            return try parse(bytes)
        } catch {
            throw MOCacheError(code, "\(JSONPath(error.reversedComponents.reversed()).description): \(error.reason)")
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONPathError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.syntaxError("unexpected \(parser.describeNext()) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(JSONPathError) -> JSONValue {
        guard let byte = peek() else {
            throw syntaxError("expected a JSON value, found the end of the text")
        }
        switch byte {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw syntaxError("expected a JSON value, found \(describeNext())")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONPathError) -> JSONValue {
        guard depth < JSONWriter.maximumDepth else { throw JSONWriter.tooDeep() }
        position += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                throw syntaxError("expected a member name in double quotes, found \(describeNext())")
            }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw syntaxError("expected ':' after a member name, found \(describeNext())")
            }
            position += 1
            skipWhitespace()
            if let existing = members.index(forKey: key) {
                throw Self.duplicateMember(key, earlier: members[existing].key)
            }
            do {
                members[key] = try parseValue(depth: depth + 1)
            } catch {
                throw error.inside(.key(key))
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default:
                throw syntaxError("expected ',' or '}' after an object member, found \(describeNext())")
            }
        }
    }

    private static func duplicateMember(_ key: String, earlier: String) -> JSONPathError {
        let sameScalars = key.unicodeScalars.elementsEqual(earlier.unicodeScalars)
        let reason =
            sameScalars
            ? "the member name appears twice in one object"
            : "the member name appears twice in one object (the two spellings are canonically "
                + "equivalent Unicode, which mocache does not keep apart)"
        return JSONPathError(reason).inside(.key(key))
    }

    private mutating func parseArray(depth: Int) throws(JSONPathError) -> JSONValue {
        guard depth < JSONWriter.maximumDepth else { throw JSONWriter.tooDeep() }
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            do {
                elements.append(try parseValue(depth: depth + 1))
            } catch {
                throw error.inside(.index(elements.count))
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw syntaxError("expected ',' or ']' after an array element, found \(describeNext())")
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONPathError) {
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count,
            bytes[position..<position + expected.count].elementsEqual(expected)
        else {
            throw syntaxError("expected a JSON value such as \(literal), found \(describeNext())")
        }
        position += expected.count
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONPathError) -> Double {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard let first = peek(), Self.isDigit(first) else {
            throw syntaxError("expected a digit after '-', found \(describeNext())")
        }
        position += 1
        if first == UInt8(ascii: "0") {
            if let next = peek(), Self.isDigit(next) {
                throw syntaxError("a number cannot start with the digit 0 followed by more digits")
            }
        } else {
            skipDigits()
        }
        let integerDigitCount = position - integerStart
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let next = peek(), Self.isDigit(next) else {
                throw syntaxError("expected a digit after the decimal point, found \(describeNext())")
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let next = peek(), Self.isDigit(next) else {
                throw syntaxError("expected a digit in the exponent, found \(describeNext())")
            }
            skipDigits()
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger {
            // 2^53 has 16 digits; longer integers are beyond it for sure.
            let magnitude = integerDigitCount <= 16 ? Int64(text)?.magnitude : nil
            guard let magnitude, magnitude <= Self.largestExactInteger else {
                throw JSONPathError(
                    "the integer \(Self.abbreviated(text)) is beyond ±2^53 (9007199254740992), so a JSON "
                        + "number (a double) cannot hold it exactly; write it as a string")
            }
        }
        guard let value = Double(text), value.isFinite else {
            throw JSONPathError("the number \(Self.abbreviated(text)) is too large for a double")
        }
        if let problem = JSONWriter.numberProblem(value, written: Self.abbreviated(text)) {
            throw JSONPathError(problem)
        }
        return value
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func abbreviated(_ text: String) -> String {
        text.count <= 40 ? text : "\(text.prefix(20))…\(text.suffix(10)) (\(text.count) characters)"
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONPathError) -> String {
        let open = position
        position += 1  // "
        let start = position
        // Fast path: printable ASCII without escapes, the common case for keys and values.
        while let byte = peek(), byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") {
            if byte == UInt8(ascii: "\"") {
                let string = String(
                    decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return string
            }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while true {
            guard let byte = peek() else {
                throw syntaxError("the string that starts \(location(of: open)) is not closed", at: nil)
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0x00..<0x20:
                throw syntaxError(
                    "the control character U+00\(Self.hex(byte)) must be written as an escape in a string")
            case 0x20..<0x80:
                buffer.append(byte)
                position += 1
            default:
                try copyMultibyteCharacter(into: &buffer)
            }
        }
    }

    /// Copies one multi-byte UTF-8 sequence, checking it against the table of well-formed sequences
    /// (Unicode 15, table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF.
    private mutating func copyMultibyteCharacter(into buffer: inout [UInt8]) throws(JSONPathError) {
        let lead = bytes[position]
        let length: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: throw invalidUTF8(at: position)
        }
        guard position + 1 < bytes.count, second.contains(bytes[position + 1]) else {
            throw invalidUTF8(at: position + 1)
        }
        for offset in 2..<length {
            guard position + offset < bytes.count, (0x80...0xBF).contains(bytes[position + offset]) else {
                throw invalidUTF8(at: position + offset)
            }
        }
        buffer.append(contentsOf: bytes[position..<position + length])
        position += length
    }

    private func invalidUTF8(at offset: Int) -> JSONPathError {
        if offset >= bytes.count {
            return syntaxError("invalid UTF-8: the text ends inside a multi-byte character", at: nil)
        }
        return syntaxError("invalid UTF-8: byte 0x\(Self.hex(bytes[offset])) cannot appear here", at: offset)
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONPathError) {
        let escapeStart = position
        position += 1  // backslash
        guard let letter = peek() else {
            throw syntaxError("the text ends inside an escape", at: nil)
        }
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw loneSurrogate(unit, at: escapeStart)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: escapeStart) }
                scalarValue = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw loneSurrogate(unit, at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw loneSurrogate(unit, at: escapeStart) }
            UTF8.encode(scalar) { buffer.append($0) }
        default:
            position -= 1
            throw syntaxError("'\\' followed by \(describeNext()) is not a JSON escape")
        }
    }

    private mutating func parseHex4() throws(JSONPathError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peek() else {
                throw syntaxError("the text ends inside a \\u escape", at: nil)
            }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntaxError("expected four hex digits after \\u, found \(describeNext())")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private func loneSurrogate(_ unit: UInt16, at offset: Int) -> JSONPathError {
        syntaxError(
            "the escape \\u\(String(unit, radix: 16)) is a lone UTF-16 surrogate, not a Unicode character",
            at: offset)
    }

    // MARK: - Reading and reporting

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            position += 1
        }
    }

    /// The next byte, for a person: `'x'` for printable ASCII, `byte 0xNN` otherwise.
    private func describeNext() -> String {
        guard let byte = peek() else { return "the end of the text" }
        if (0x21...0x7E).contains(byte) {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(Self.hex(byte))"
    }

    /// Two uppercase hex digits, as bytes and code points are usually shown to people.
    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// An error in the text itself, located by line and column (counted in characters from 1).
    private func syntaxError(_ message: String) -> JSONPathError {
        syntaxError(message, at: position)
    }

    private func syntaxError(_ message: String, at offset: Int?) -> JSONPathError {
        guard let offset else { return JSONPathError("invalid JSON: \(message)") }
        return JSONPathError("invalid JSON: \(message) (\(location(of: offset)))")
    }

    private func location(of offset: Int) -> String {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // Not a UTF-8 continuation byte.
                column += 1
            }
        }
        return "at line \(line), column \(column)"
    }
}
