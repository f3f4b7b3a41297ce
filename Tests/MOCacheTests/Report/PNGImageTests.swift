import Foundation
import Testing

/// The browser tests read screenshots with this small decoder, so it is tested against streams made by
/// zlib itself (Python's, at the levels that give each block type).
@Suite("Report: the test PNG reader")
struct PNGImageTests {
    private func bytes(_ base64: String) throws -> [UInt8] {
        try #require(Data(base64Encoded: base64).map { Array($0) })
    }

    @Test("zlib streams: stored, fixed Huffman and dynamic Huffman blocks")
    func inflate() throws {
        let stored = try bytes("eAEBDQDy/2hlbGxvLCBzdG9yZWQiSgTy")
        #expect(String(decoding: try Inflate.zlib(stored), as: UTF8.self) == "hello, stored")
        let fixed = try bytes("eNpLTEpOREIKGak5OfnIJADRwAxb")
        #expect(String(decoding: try Inflate.zlib(fixed), as: UTF8.self) == "abcabcabcabcabc hello hello hello")
        let dynamic = try bytes(
            "eNqV1t1NA0EMRtFWXAEae+yx3UcaABL+YSEQCFRPWrjPu5+00tHqevdwkI/T4+2z3By3nze5287ydHp9/5Tt+3CUr8vjl+u/X9lv"
                + "9zKuZAdeb202qFlskJFssHKxQXTAgTob+JxsMMPYwFLZQBtK64DSBqHbIXQtCJ0FoXNA6GUQOhxC+4LQsyC0NYVWKK0TSgeE7oTQ"
                + "1RC6FELnhNArIHQkhPaC0D4g9DQIbQ6ldVFpCA2Z24x+D2TONWgPm/awaA+T9nDRHgbtodMeQmlVKD0hdMegPWzaQ3qLDXqLGb3F"
                + "PGgP6Q9d9BYb9Bazi/Q/0d30NQ==")
        let text = (0..<60).map { "The quick brown fox jumps over the lazy dog \($0 * 7919 % 1000). " }.joined()
        #expect(String(decoding: try Inflate.zlib(dynamic), as: UTF8.self) == text)
        #expect(throws: Inflate.Failure.self) { try Inflate.zlib([0x78, 0x9C, 0xFF]) }
        #expect(throws: Inflate.Failure.self) { try Inflate.zlib([0x00, 0x00]) }
    }

    @Test("an RGBA image whose five rows use the five filters")
    func filters() throws {
        let png = try bytes(
            "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAFCAYAAABirU3bAAAAYElEQVR42gFVAKr/AHlCvfIhBvCEd2Lw88tNdk0BxwcgUU6T7zjdLMtB"
                + "8X7hZwJLPt0eb0WLTtPt9qzJytQiA54T7lH8tZ1HTLQ4bAEwa1wEM5/Qjj3tiQbnUe7hrwoGz+jEKVWzhZ+zAAAAAElFTkSuQmCC"
        )
        let image = try PNGImage(data: png)
        #expect(image.width == 4 && image.height == 5 && image.channels == 4)
        #expect(
            image.pixels == [
                121, 66, 189, 242, 33, 6, 240, 132, 119, 98, 240, 243, 203, 77, 118, 77, 199, 7, 32, 81, 21, 154, 15,
                137, 242, 198, 218, 202, 227, 68, 187, 49, 18, 69, 253, 111, 132, 223, 154, 215, 197, 179, 208, 118,
                172, 14, 143, 83, 167, 53, 108, 136, 145, 63, 32, 246, 247, 45, 176, 34, 210, 77, 10, 150, 218, 212, 60,
                22, 23, 193, 169, 142, 120, 18, 158, 3, 39, 55, 16, 101,
            ])
        #expect(throws: Inflate.Failure.self) { try PNGImage(data: Array("not a png at all".utf8)) }
    }
}
