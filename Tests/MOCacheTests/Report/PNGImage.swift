/// A decoded PNG: 8-bit RGB or RGBA, not interlaced, as Chromium writes screenshots. For tests only.
struct PNGImage {
    let width: Int
    let height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    let channels: Int
    /// The pixels, row by row, `channels` bytes each.
    let pixels: [UInt8]

    /// A pixel's red, green and blue.
    func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let offset = (y * width + x) * channels
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Decodes a PNG file's bytes.
    init(data: [UInt8]) throws {
        let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
        guard data.count > 8, Array(data[0..<8]) == signature else { throw Inflate.Failure(description: "not a PNG") }
        var position = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        func integer(_ at: Int) -> Int {
            data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        while position + 8 <= data.count {
            let length = integer(position)
            let type = String(decoding: data[(position + 4)..<(position + 8)], as: UTF8.self)
            let body = (position + 8)..<(position + 8 + length)
            guard body.upperBound + 4 <= data.count else { throw Inflate.Failure(description: "chunk past the end") }
            switch type {
            case "IHDR": header = Array(data[body])
            case "IDAT": compressed += data[body]
            default: break
            }
            position = body.upperBound + 4
            if type == "IEND" { break }
        }
        guard header.count == 13 else { throw Inflate.Failure(description: "no IHDR") }
        let width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let (depth, colorType, interlace) = (header[8], header[9], header[12])
        guard depth == 8, colorType == 2 || colorType == 6, interlace == 0 else {
            throw Inflate.Failure(description: "unsupported PNG: depth \(depth), colour type \(colorType)")
        }
        let channels = colorType == 6 ? 4 : 3
        let raw = try Inflate.zlib(compressed)
        let stride = width * channels
        guard raw.count == height * (stride + 1) else { throw Inflate.Failure(description: "wrong pixel data size") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for index in 0..<stride {
                let value = raw[source + index]
                let left = index >= channels ? Int(pixels[target + index - channels]) : 0
                let up = row > 0 ? Int(pixels[target - stride + index]) : 0
                let upLeft = row > 0 && index >= channels ? Int(pixels[target - stride + index - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predictor = a <= b && a <= c ? left : b <= c ? up : upLeft
                default: throw Inflate.Failure(description: "unknown filter \(filter)")
                }
                pixels[target + index] = UInt8(truncatingIfNeeded: Int(value) + predictor)
            }
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}
