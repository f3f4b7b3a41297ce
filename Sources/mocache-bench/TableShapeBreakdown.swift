import MOCache

/// What other table shapes would give the raw C-API floor of a hit lookup (`lookup --breakdown`, layers 7
/// to 15): copies of the measured rows in each ``TableShape``, each in a sibling file, timed with the same
/// keys in the same random order as the floor on the store's own table, in alternating rounds (the order of
/// the kinds rotating each round), so that drift on a shared machine hits all alike.
///
/// 7. the floor: ``RawTrainingLookup`` on the store's table, timed in these rounds (the baseline of 8-15);
/// 8-10. ``ShapedTrainingLookup`` on each shape (see ``TableShape``), the key's digest computed on every
///    lookup where the shape needs one, as a store would;
/// 11. the key's digest alone (``KeyDigest/sha256(_:)``), the part of 9 and 10 that is not SQLite;
/// 12-13. 9 and 10 with the digests computed beforehand: SQLite's part alone, what a cheaper digest would
///    approach;
/// 14. ``RowidProbe``: one integer column by a rowid known beforehand, on the store's file: a statement's
///    fixed cost and one descent, the least any shape could cost;
/// 15. the floor selecting only ``RawTrainingLookup/hitColumns``, the 5 columns a wrapper's hit uses.
enum TableShapeBreakdown {
    /// The report's name of the floor measured in these rounds.
    static let floorName = "7. C API floor, store's shape (rowid + UNIQUE on 3 texts), rounds with 8-15"

    /// The timed layers, the figures (bytes per shape) and notes (each lookup's query plan).
    struct Result {
        /// Layers 7 to 15.
        var measurements: [Measurement] = []
        /// `shape_bytes.<slug>`: the bytes of each shape's file (`current`: the measured database), and the
        /// same per entry.
        var figures: [String: Double] = [:]
        /// The query plan of each lookup.
        var notes: [String] = []
    }

    /// One timed kind of lookup: its report name and its body (given the index of a key).
    private struct Kind {
        let name: String
        let body: (Int) throws -> Int?
    }

    /// Builds the shapes next to the database at `path` (in `folder`) and times them.
    ///
    /// The database is checkpointed first (its WAL emptied, as each shape's is), so that no lookup pays
    /// for WAL frames that another does not have.
    ///
    /// - Parameters:
    ///   - keys: Each round's keys, the first `warmup` of them untimed.
    ///   - rounds: How many rounds of each lookup.
    static func measure(
        path: String, folder: TemporaryFolder, keys: [TrainingKey], warmup: Int, rounds: Int
    ) async throws -> Result {
        var result = Result()
        let entries = try checkpoint(path: path)
        let currentBytes = Double(BenchDatabase.bytes(path: path))
        result.figures["shape_bytes.current"] = currentBytes
        result.figures["shape_bytes_per_entry.current"] = currentBytes / Double(entries)
        var lookups: [ShapedTrainingLookup] = []
        for shape in TableShape.allCases {
            Progress.say("breakdown: copying the runs into \(shape.table)")
            let (nanoseconds, file) = try Stopwatch.timeSync {
                try TableShapeFile.make(shape: shape, source: path, in: folder)
            }
            Progress.say(String(format: "copied in %.1f s", Double(nanoseconds) / 1e9))
            let bytes = Double(file.bytes())
            result.figures["shape_bytes.\(shape.slug)"] = bytes
            result.figures["shape_bytes_per_entry.\(shape.slug)"] = bytes / Double(entries)
            let lookup = try ShapedTrainingLookup(path: file.path, shape: shape)
            result.notes.append("plan of \(shape.table): \(try lookup.queryPlan())")
            lookups.append(lookup)
        }
        let floor = try RawTrainingLookup(path: path)
        let digests = keys.map(KeyDigest.sha256)
        var kinds = [Kind(name: floorName) { try floor.lookup(keys[$0]) }]
        kinds += lookups.map { lookup in Kind(name: lookup.shape.layerName) { try lookup.lookup(keys[$0]) } }
        kinds.append(
            Kind(name: "11. SHA-256 of the key alone (DatasetHasher + hex decode), in 9 and 10") {
                KeyDigest.sha256(keys[$0]).count
            })
        for (number, lookup) in zip([12, 13], lookups.filter(\.shape.usesDigest)) {
            kinds.append(
                Kind(name: "\(number). as \(number - 3), the digest computed beforehand (SQLite's part)") {
                    try lookup.lookup(keys[$0], digest: digests[$0])
                })
        }
        let probe = try RowidProbe(path: path)
        let rowids = try probe.rowids(of: keys)
        kinds.append(
            Kind(name: "14. C API, SELECT id FROM training_runs WHERE id = ? (rowid known): fixed cost + 1 descent") {
                try probe.lookup(rowids[$0])
            })
        let narrow = try RawTrainingLookup(path: path, columns: RawTrainingLookup.hitColumns)
        kinds.append(
            Kind(name: "15. as 7, only the 5 columns a wrapper hit uses (\(RawTrainingLookup.hitColumns))") {
                try narrow.lookup(keys[$0])
            })
        var samples = [[Int64]](repeating: [], count: kinds.count)
        var timings = [LookupBench.Timing](repeating: LookupBench.Timing(), count: kinds.count)
        for round in 0..<rounds {
            Progress.say("breakdown: table shapes, round \(round + 1)/\(rounds)")
            for offset in 0..<kinds.count {
                let slot = (round + offset) % kinds.count
                var misses = 0
                try await LookupBench.timed(
                    keys: Array(keys.indices), warmup: warmup, samples: &samples[slot], wall: &timings[slot]
                ) {
                    if try kinds[slot].body($0) == nil { misses += 1 }
                }
                if misses > 0 { throw BenchError("breakdown: \(misses) keys not found by \(kinds[slot].name)") }
            }
        }
        let summaries = zip(samples, timings).map {
            Summary(nanoseconds: $0, wallNanoseconds: $1.wall, cpuNanoseconds: $1.cpu)
        }
        for (kind, summary) in zip(kinds, summaries) {
            result.measurements.append(Measurement(kind.name, summary, baseline: floorName, summaries[0]))
        }
        return result
    }

    /// Empties the WAL of the database at `path` into the file and returns how many training runs it holds.
    private static func checkpoint(path: String) throws -> Int {
        let connection = try RawSQLite(path: path, readOnly: false, pragmas: [])
        guard try connection.scalarText("PRAGMA wal_checkpoint(TRUNCATE)") == "0" else {
            throw BenchError("breakdown: cannot checkpoint \(path): a connection is still reading it")
        }
        guard let count = try connection.scalarText("SELECT count(*) FROM training_runs").flatMap({ Int($0) }),
            count > 0
        else {
            throw BenchError("breakdown: \(path) holds no training runs")
        }
        return count
    }
}
