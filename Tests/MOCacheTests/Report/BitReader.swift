/// Reads a byte array as DEFLATE does: bits from the least significant end of each byte.
struct BitReader {
    let bytes: [UInt8]
    private(set) var position: Int
    private var buffer = 0
    private var count = 0

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// The next `number` bits (0...16), least significant first.
    mutating func bits(_ number: Int) throws -> Int {
        while count < number {
            guard position < bytes.count else { throw Inflate.Failure(description: "stream ends early") }
            buffer |= Int(bytes[position]) << count
            position += 1
            count += 8
        }
        let value = buffer & ((1 << number) - 1)
        buffer >>= number
        count -= number
        return value
    }

    /// Drops the bits left in the current byte.
    mutating func alignToByte() {
        buffer = 0
        count = 0
    }

    /// The next `number` whole bytes (after ``alignToByte()``).
    mutating func bytes(_ number: Int) throws -> [UInt8] {
        guard position + number <= bytes.count else { throw Inflate.Failure(description: "stored block ends early") }
        defer { position += number }
        return Array(bytes[position..<(position + number)])
    }
}
