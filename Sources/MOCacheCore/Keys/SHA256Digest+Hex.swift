import Crypto

extension SHA256.Digest {
    /// The digest as 64 lowercase hex digits, the form every hash in mocache takes.
    var lowercaseHex: String {
        let digits = JSONWriter.hexDigits
        var text: [UInt8] = []
        text.reserveCapacity(2 * Self.byteCount)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
