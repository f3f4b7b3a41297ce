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
        let stride = width * channels
        let raw = try Inflate.zlib(compressed, expectedSize: height * (stride + 1))
        guard raw.count == height * (stride + 1) else { throw Inflate.Failure(description: "wrong pixel data size") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        try raw.withUnsafeBufferPointer { raw in
            try pixels.withUnsafeMutableBufferPointer { pixels in
                try Self.unfilter(raw, into: pixels, height: height, stride: stride, channels: channels)
            }
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Undoes the PNG row filters (none, sub, up, average, Paeth) of `raw` into `pixels`.
    private static func unfilter(
        _ raw: UnsafeBufferPointer<UInt8>, into pixels: UnsafeMutableBufferPointer<UInt8>, height: Int, stride: Int,
        channels: Int
    ) throws {
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for index in 0..<stride {
                let value = Int(raw[source + index])
                let left = index >= channels ? Int(pixels[target + index - channels]) : 0
                let up = row > 0 ? Int(pixels[target - stride + index]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let upLeft = row > 0 && index >= channels ? Int(pixels[target - stride + index - channels]) : 0
                    let estimate = left + up - upLeft
                    let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predictor = a <= b && a <= c ? left : b <= c ? up : upLeft
                default: throw Inflate.Failure(description: "unknown filter \(filter)")
                }
                pixels[target + index] = UInt8(truncatingIfNeeded: value + predictor)
            }
        }
    }

    /// How many pixels of a rectangle differ from its commonest colour (`inked`), and how many are
    /// clearly coloured rather than grey (`coloured`).
    func ink(x: Int, y: Int, width: Int, height: Int) -> (pixels: Int, inked: Int, coloured: Int) {
        let columns = max(0, min(x + width, self.width) - max(x, 0))
        let rows = max(0, min(y + height, self.height) - max(y, 0))
        guard columns > 0, rows > 0 else { return (0, 0, 0) }
        return pixels.withUnsafeBufferPointer { pixels in
            var histogram: [UInt32: Int] = [:]
            for row in max(y, 0)..<(max(y, 0) + rows) {
                var offset = (row * self.width + max(x, 0)) * channels
                for _ in 0..<columns {
                    let key =
                        UInt32(pixels[offset]) << 16 | UInt32(pixels[offset + 1]) << 8 | UInt32(pixels[offset + 2])
                    histogram[key, default: 0] += 1
                    offset += channels
                }
            }
            let background = histogram.max { $0.value < $1.value }?.key ?? 0
            let (red, green, blue) = (Int(background >> 16), Int(background >> 8 & 0xFF), Int(background & 0xFF))
            var inked = 0
            var coloured = 0
            for (key, count) in histogram {
                let (r, g, b) = (Int(key >> 16), Int(key >> 8 & 0xFF), Int(key & 0xFF))
                if abs(r - red) + abs(g - green) + abs(b - blue) > 48 { inked += count }
                if max(r, g, b) - min(r, g, b) > 60 { coloured += count }
            }
            return (columns * rows, inked, coloured)
        }
    }
}
