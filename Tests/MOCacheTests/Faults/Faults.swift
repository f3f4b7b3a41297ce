import Testing

/// The fault and load tests of issue 5: real processes, real `kill -9`, real read-only files and full
/// disks, each test bounded in time. Run them with `swift test --filter Faults`.
///
/// What the store tests already cover (`SQLiteOpenTests`, `SQLitePermissionTests`, `SQLiteFaultTests`:
/// files that are not databases, a newer schema, a read-only file in a read-only folder, a full disk)
/// is not repeated here; these tests fill the gaps. They run one at a time: each starts many processes,
/// and two of them at once on two cores would only slow each other down.
@Suite(.serialized) enum Faults {}
