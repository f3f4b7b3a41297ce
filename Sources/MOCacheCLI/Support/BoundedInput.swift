import Foundation
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file, or standard input for `-`, in chunks and never more than a limit: what `import`,
/// `canonical`, `--config` and `--params` read. `/dev/zero`, an endless pipe or a huge file ends in a
/// clear error once the limit is passed, not in the kernel's out-of-memory killer.
enum BoundedInput {
    /// The most a JSON document (`canonical`, `--config`, `--params`) may hold: 64 MiB.
    static let documentLimit = 64 << 20
    /// The most one line of an import file (one record) may hold: 64 MiB.
    static let lineLimit = 64 << 20
    /// How many bytes each `read(2)` asks for.
    static let chunkSize = 1 << 20

    /// How messages name `file`.
    static func name(_ file: String) -> String { file == "-" ? "standard input" : file }

    /// The bytes of `file`, which must not be longer than `limit`.
    ///
    /// - Throws: ``MOCacheError`` with code `invalidInput` when `file` cannot be opened or read, or holds
    ///   more than `limit` bytes.
    static func document(_ file: String, limit: Int = documentLimit) throws -> Data {
        try withDescriptor(file) { descriptor in
            var data = Data()
            try readChunks(descriptor, file) { chunk in
                guard data.count + chunk.count <= limit else {
                    throw MOCacheError(
                        .invalidInput,
                        "\(name(file)) holds more than \(limit >> 20) MiB, the most a JSON document may hold. "
                            + "Give a smaller document (a config, params or file to canonicalize).",
                        path: file == "-" ? nil : file)
                }
                data.append(chunk)
            }
            return data
        }
    }

    /// Calls `body` with each line of `file` (without its `\n`) and the line's number, from 1, holding
    /// one line in memory at a time.
    ///
    /// - Throws: ``MOCacheError`` with code `invalidInput` when `file` cannot be opened or read, or a
    ///   line is longer than `limit` (naming the line); the errors of `body`.
    static func lines(_ file: String, limit: Int = lineLimit, _ body: (_ line: Data, _ number: Int) throws -> Void)
        throws
    {
        try withDescriptor(file) { descriptor in
            var pending = Data()
            var number = 0
            try readChunks(descriptor, file) { chunk in
                var rest = chunk[...]
                while let newline = rest.firstIndex(of: 0x0A) {
                    pending.append(rest[rest.startIndex..<newline])
                    number += 1
                    try check(pending.count, line: number, file, limit)
                    try body(pending, number)
                    pending.removeAll(keepingCapacity: true)
                    rest = rest[(newline + 1)...]
                }
                pending.append(rest)
                try check(pending.count, line: number + 1, file, limit)
            }
            if !pending.isEmpty { try body(pending, number + 1) }
        }
    }

    private static func check(_ count: Int, line: Int, _ file: String, _ limit: Int) throws {
        guard count > limit else { return }
        throw MOCacheError(
            .invalidInput,
            "Line \(line) of \(name(file)) is longer than \(limit >> 20) MiB, the most one record may hold; "
                + "nothing was imported. Check that the file is a `mocache export` file (one JSON record per line).",
            path: file == "-" ? nil : file)
    }

    /// Opens `file` (or takes standard input), runs `body`, closes what it opened.
    private static func withDescriptor<T>(_ file: String, _ body: (Int32) throws -> T) throws -> T {
        if file == "-" { return try body(STDIN_FILENO) }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(file, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(file, errno: errno) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw unreadable(file, errno: EISDIR) }
        return try body(descriptor)
    }

    /// Reads `descriptor` to its end, a chunk at a time.
    private static func readChunks(_ descriptor: Int32, _ file: String, _ body: (Data) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(file, errno: errno)
            }
            if count == 0 { return }
            try body(Data(UnsafeRawBufferPointer(rebasing: buffer[0..<count])))
        }
    }

    /// The error for a file that cannot be opened or read.
    private static func unreadable(_ file: String, errno code: Int32) -> MOCacheError {
        let path = file == "-" ? nil : file
        let detail: String
        switch code {
        case ENOENT: return MOCacheError(.invalidInput, "\(file) does not exist. Check the path.", path: path)
        case EACCES, EPERM: detail = "permission denied"
        case EISDIR: detail = "it is a folder, not a file"
        default: detail = String(cString: strerror(code))
        }
        return MOCacheError(.invalidInput, "\(name(file)) cannot be read (\(detail)). Check the path.", path: path)
    }
}
