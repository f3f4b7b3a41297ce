import GRDBSQLite
import MOCache

/// One digest of a whole training key, for the table shapes of ``TableShapeBreakdown`` that find a run by
/// one key column instead of three: SHA-256 over the backend id's UTF-8 bytes, a zero byte, the dataset
/// hash, a zero byte and the config hash (the zero bytes keep `("ab", "c…")` and `("a", "bc…")` apart).
///
/// The store could compute it the same way on every lookup; the bench computes it through
/// ``DatasetHasher/hash(bytes:)`` (the only SHA-256 `MOCache` exposes) and decodes the hex, which costs a
/// little more than a raw digest would.
enum KeyDigest {
    /// The 32 bytes of the key's digest.
    static func sha256(_ key: TrainingKey) -> [UInt8] {
        sha256(backend: key.backendID.utf8, dataset: key.datasetHash.utf8, config: key.configHash.utf8)
    }

    /// The 32 bytes of the digest of a key given as the UTF-8 bytes of its three parts.
    static func sha256(
        backend: some Collection<UInt8>, dataset: some Collection<UInt8>, config: some Collection<UInt8>
    ) -> [UInt8] {
        var message: [UInt8] = []
        message.reserveCapacity(backend.count + dataset.count + config.count + 2)
        message.append(contentsOf: backend)
        message.append(0)
        message.append(contentsOf: dataset)
        message.append(0)
        message.append(contentsOf: config)
        return bytes(hex: DatasetHasher.hash(bytes: message))
    }

    /// The first 8 bytes of a digest, big-endian, with the sign bit cleared: a 63-bit positive rowid.
    static func rowid(_ digest: [UInt8]) -> Int64 {
        let word = digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return Int64(bitPattern: word & 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// The bytes that lowercase hex digits spell.
    private static func bytes(hex: String) -> [UInt8] {
        func nibble(_ digit: UInt8) -> UInt8 {
            digit <= 57 ? digit &- 48 : digit &- 87
        }
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }

    /// Registers `bench_key_sha256(backend, dataset_hash, config_hash)` (the 32-byte digest, a BLOB) and
    /// `bench_key_rowid(backend, dataset_hash, config_hash)` (its 63-bit ``rowid(_:)``) on a connection,
    /// so that the table shapes can be filled by `INSERT … SELECT`.
    static func registerFunctions(on connection: OpaquePointer) throws {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        let blob: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
            context, count, values in
            guard let digest = KeyDigest.digest(count, values) else { return sqlite3_result_null(context) }
            digest.withUnsafeBytes { bytes in
                // SQLITE_TRANSIENT: SQLite copies the bytes before the array goes away.
                sqlite3_result_blob(
                    context, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }
        let rowid: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
            context, count, values in
            guard let digest = KeyDigest.digest(count, values) else { return sqlite3_result_null(context) }
            sqlite3_result_int64(context, KeyDigest.rowid(digest))
        }
        for (name, function) in [("bench_key_sha256", blob), ("bench_key_rowid", rowid)] {
            guard sqlite3_create_function_v2(connection, name, 3, flags, nil, function, nil, nil, nil) == SQLITE_OK
            else {
                throw BenchError("cannot register \(name): \(String(cString: sqlite3_errmsg(connection)))")
            }
        }
    }

    /// The digest of the three text arguments of a SQL function call, or `nil` if one is not text.
    private static func digest(_ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) -> [UInt8]? {
        guard count == 3, let values else { return nil }
        func text(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
            guard let bytes = sqlite3_value_text(values[index]) else { return nil }
            return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_value_bytes(values[index])))
        }
        guard let backend = text(0), let dataset = text(1), let config = text(2) else { return nil }
        return sha256(backend: backend, dataset: dataset, config: config)
    }
}
