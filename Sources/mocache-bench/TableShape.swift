/// A layout of the training runs' table other than the store's, holding the same rows, for
/// ``TableShapeBreakdown``: what the raw C-API floor of a hit lookup would be if the table were shaped so.
///
/// The store's own shape (``RawTrainingLookup``'s floor) is a rowid table with `id INTEGER PRIMARY KEY` and a
/// unique index on `(backend, dataset_hash, config_hash)`: a hit descends the index, comparing 64-character
/// text keys, then the table by rowid. Every shape here keeps the 19 columns the store selects, so a lookup
/// reads the same values.
enum TableShape: CaseIterable {
    /// `WITHOUT ROWID`, `PRIMARY KEY (backend, dataset_hash, config_hash)`: the row lives in the key's
    /// B-tree, so one descent, still comparing text keys (and fewer rows per page, so a deeper tree).
    case keyWithoutRowid
    /// A rowid table whose `INTEGER PRIMARY KEY` is 63 bits of the key's SHA-256 (``KeyDigest/rowid(_:)``),
    /// the three key columns verified on the row found: one descent on integer keys, plus a digest per
    /// lookup. (A store would also need a rule for the rare digest collision; the common path pays nothing
    /// for it.)
    case digestRowid
    /// The store's shape with one 32-byte `BLOB` column, the key's SHA-256, and a unique index on it instead
    /// of the index on the three text columns: still two descents, shorter keys, a digest per lookup.
    case sha256Index

    /// The table's name (each shape gets a file of its own).
    var table: String {
        switch self {
        case .keyWithoutRowid: "training_runs_by_key"
        case .digestRowid: "training_runs_by_digest"
        case .sha256Index: "training_runs_by_sha256"
        }
    }

    /// A short name, for file names and report figures.
    var slug: String {
        switch self {
        case .keyWithoutRowid: "without_rowid"
        case .digestRowid: "digest_rowid"
        case .sha256Index: "sha256_index"
        }
    }

    /// The report's name of the shape's layer.
    var layerName: String {
        switch self {
        case .keyWithoutRowid:
            "8. C API, WITHOUT ROWID, PRIMARY KEY (backend, dataset_hash, config_hash): 1 descent, text keys"
        case .digestRowid:
            "9. C API, INTEGER PRIMARY KEY = 63 bits of SHA-256(key), key verified: 1 descent, integer keys"
        case .sha256Index:
            "10. C API, rowid table + UNIQUE 32-byte BLOB SHA-256(key) instead of 3 texts: 2 descents"
        }
    }

    /// Whether a lookup needs the key's digest.
    var usesDigest: Bool { self != .keyWithoutRowid }

    /// The 19 columns other than `id`, declared as the store declares them (without its CHECKs, which
    /// lookups never evaluate).
    private static let otherColumns = """
        backend TEXT NOT NULL, dataset_hash TEXT NOT NULL, config_hash TEXT NOT NULL, config_json TEXT NOT NULL, \
        status TEXT NOT NULL, job_id TEXT, model_id TEXT, metadata_json TEXT, error TEXT, \
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, host TEXT, pid INTEGER, \
        lease_owner TEXT, lease_expires_at TEXT, hit_count INTEGER NOT NULL, last_hit_at TEXT
        """

    /// The `CREATE TABLE` (and index) statements of the shape.
    var createSQL: [String] {
        switch self {
        case .keyWithoutRowid:
            [
                "CREATE TABLE \(table) (id INTEGER NOT NULL, \(Self.otherColumns), "
                    + "PRIMARY KEY (backend, dataset_hash, config_hash)) STRICT, WITHOUT ROWID"
            ]
        case .digestRowid:
            ["CREATE TABLE \(table) (key_digest INTEGER PRIMARY KEY, id INTEGER NOT NULL, \(Self.otherColumns)) STRICT"]
        case .sha256Index:
            // The digest last, so that reading the 19 columns never walks past it in the record.
            [
                "CREATE TABLE \(table) (id INTEGER PRIMARY KEY, \(Self.otherColumns), key_sha256 BLOB NOT NULL) STRICT",
                "CREATE UNIQUE INDEX \(table)_key ON \(table) (key_sha256)",
            ]
        }
    }

    /// Copies every row of `source.training_runs` into the shape's table, in the source's rowid order (the
    /// order the rows were written in, random in the key), with the SQL functions of
    /// ``KeyDigest/registerFunctions(on:)``.
    var copySQL: String {
        let columns = RawTrainingLookup.columns
        let digestArguments = "(backend, dataset_hash, config_hash)"
        return switch self {
        case .keyWithoutRowid:
            "INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM source.training_runs ORDER BY id"
        case .digestRowid:
            "INSERT INTO \(table) (key_digest, \(columns)) SELECT bench_key_rowid\(digestArguments), \(columns) "
                + "FROM source.training_runs ORDER BY id"
        case .sha256Index:
            "INSERT INTO \(table) (\(columns), key_sha256) SELECT \(columns), bench_key_sha256\(digestArguments) "
                + "FROM source.training_runs ORDER BY id"
        }
    }

    /// The lookup: the 19 columns of the row whose key is bound. Shapes with a digest bind it first, then
    /// the three key columns, which SQLite checks on the row the digest found.
    var lookupSQL: String {
        let keyColumns = "backend = ? AND dataset_hash = ? AND config_hash = ?"
        return switch self {
        case .keyWithoutRowid: "SELECT \(RawTrainingLookup.columns) FROM \(table) WHERE \(keyColumns)"
        case .digestRowid: "SELECT \(RawTrainingLookup.columns) FROM \(table) WHERE key_digest = ? AND \(keyColumns)"
        case .sha256Index: "SELECT \(RawTrainingLookup.columns) FROM \(table) WHERE key_sha256 = ? AND \(keyColumns)"
        }
    }
}
