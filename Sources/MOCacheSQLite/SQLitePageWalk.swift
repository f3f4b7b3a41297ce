import Foundation
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A walk over the pages of a database file that finds broken b-tree structure, reading the file itself,
/// at a fraction of the cost of `PRAGMA quick_check`.
///
/// It follows every b-tree from its root page, and the freelist. Each page reached must be a b-tree page
/// of its tree's kind, with its cell pointers inside the page and its children inside the file; no page
/// may be reached twice; all leaves of a tree lie at the same depth; the freelist is as long as the header
/// says. It does not read what the cells hold, nor overflow pages: damage there is left to
/// `quick_check` and ``SQLiteCacheBackend/verify()``. A page overwritten with anything else, cut off, or
/// pointing at the wrong page is found.
///
/// It maps the database file into memory, as SQLite does with the store's `mmap_size`, and reads only
/// the page headers, cell pointers and child page numbers: no copy of the file is made. It sees the
/// database file only: the caller makes sure that no `-wal` file holds newer pages, and that nobody
/// writes the file during the walk (a read transaction on a file whose `-wal` is missing or empty does
/// both). A finding is a reason to run `quick_check`, which has the final word.
///
/// ## Why a reader of SQLite's file format is kept
///
/// GRDB 7.10's `DatabasePool` writes as soon as it opens a file for writing whose `-wal` is missing or
/// empty (it creates and drops a table), and has no setting to open it otherwise. SQLite deletes the `-wal`
/// when the last connection closes, so that is every open of a store nobody else has open: every
/// `mocache train` of a sweep run one by one. A damaged file must be refused before that write, so the
/// whole file is checked first. SQLite's own checks (`quick_check`, `integrity_check`) read every cell:
/// on a store of 1M entries (698 MB, in the page cache) `quick_check` took 2.55 s, while opening the same
/// store for writing, this walk included, took 28 ms (mocache-bench machine, 2026-11-29). Without the walk,
/// each such open would pay the 2.55 s. Keeping the `-wal` on close (`SQLITE_FCNTL_PERSIST_WAL`) would spare
/// most opens the write, but not those of a copied file or of one `vacuum` left with an empty `-wal`, which
/// would still need the full check, and its stale frames could hide damage in the file behind them.
struct SQLitePageWalk {
    private let file: UnsafeRawBufferPointer
    private let pageSize: Int
    private let usableSize: Int
    private let pageCount: Int
    private var reached: [UInt64]
    /// Where the page last reached starts in `file`.
    private var page = 0

    /// The deepest b-tree SQLite reads (`BTCURSOR_MAX_DEPTH`).
    private static let maximumDepth = 20

    /// Walks the file at `path` from `rootPages` (page 1, the schema's root, is always walked) and
    /// returns the first problem found, or `nil`.
    ///
    /// - Throws: When the file cannot be read at all.
    static func firstProblem(path: String, rootPages: [Int]) throws -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw MOCacheError.storeFailure(path, detail: "cannot read it: \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            throw MOCacheError.storeFailure(path, detail: "cannot read it: \(String(cString: strerror(code)))")
        }
        let size = Int(info.st_size)
        guard size >= 100 else { return "it is shorter than its header" }
        let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
        guard let mapping, mapping != UnsafeMutableRawPointer(bitPattern: -1) else {
            let code = errno
            throw MOCacheError.storeFailure(path, detail: "cannot map it: \(String(cString: strerror(code)))")
        }
        defer { munmap(mapping, size) }
        let file = UnsafeRawBufferPointer(start: mapping, count: size)

        let rawPageSize = bigEndian16(file, 16)
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        let usableSize = pageSize - Int(file[20])
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0, usableSize >= 480 else {
            return "its header names an impossible page size (\(rawPageSize), \(file[20]) reserved bytes)"
        }
        var walk = SQLitePageWalk(file: file, pageSize: pageSize, usableSize: usableSize, pageCount: size / pageSize)
        for root in Set([1] + rootPages).sorted() {
            if let problem = walk.walkTree(root: root) { return problem }
        }
        return walk.walkFreelist(firstTrunk: bigEndian32(file, 32), count: bigEndian32(file, 36))
    }

    private init(file: UnsafeRawBufferPointer, pageSize: Int, usableSize: Int, pageCount: Int) {
        self.file = file
        self.pageSize = pageSize
        self.usableSize = usableSize
        self.pageCount = pageCount
        self.reached = [UInt64](repeating: 0, count: pageCount / 64 + 1)
    }

    // MARK: - B-trees

    private mutating func walkTree(root: Int) -> String? {
        var pending = [(number: root, depth: 1)]
        var isTable: Bool?
        var leafDepth: Int?
        while let next = pending.popLast() {
            let (number, depth) = next
            // Made only when there is something to say: one string per page would cost more than the walk.
            func place() -> String { "page \(number) of the b-tree rooted at page \(root)" }
            if let problem = reach(number) { return "\(place()) \(problem)" }
            guard depth <= Self.maximumDepth else { return "\(place()) lies deeper than SQLite reads" }
            let offset = number == 1 ? 100 : 0
            let kind = file[page + offset]
            let pageIsTable = kind == 5 || kind == 13
            let isLeaf = kind == 10 || kind == 13
            guard pageIsTable || kind == 2 || kind == 10 else {
                return "\(place()) is not a b-tree page (type byte \(kind))"
            }
            if isTable == nil { isTable = pageIsTable }
            guard pageIsTable == isTable else { return "\(place()) is of the wrong kind (type byte \(kind))" }

            let pointers = offset + (isLeaf ? 8 : 12)
            let cellCount = Self.bigEndian16(file, page + offset + 3)
            let rawContentStart = Self.bigEndian16(file, page + offset + 5)
            let contentStart = rawContentStart == 0 ? 65536 : rawContentStart
            guard pointers + 2 * cellCount <= contentStart, contentStart <= usableSize else {
                return "\(place()) has an impossible layout (\(cellCount) cells, content from byte \(contentStart))"
            }
            for index in 0..<cellCount {
                let cell = Self.bigEndian16(file, page + pointers + 2 * index)
                guard cell >= contentStart, cell <= usableSize - 4 else {
                    return "\(place()) points at a cell outside its content area (byte \(cell))"
                }
                if !isLeaf { pending.append((Self.bigEndian32(file, page + cell), depth + 1)) }
            }
            if isLeaf {
                if leafDepth == nil { leafDepth = depth }
                guard depth == leafDepth else { return "\(place()) is a leaf at another depth than its tree's others" }
            } else {
                pending.append((Self.bigEndian32(file, page + offset + 8), depth + 1))
            }
        }
        return nil
    }

    // MARK: - Freelist

    private mutating func walkFreelist(firstTrunk: Int, count: Int) -> String? {
        var trunk = firstTrunk
        var found = 0
        while trunk != 0 {
            found += 1
            guard found <= count else { return "its freelist is longer than its header says (\(count) pages)" }
            if let problem = reach(trunk) { return "freelist trunk page \(trunk) \(problem)" }
            let leaves = Self.bigEndian32(file, page + 4)
            guard leaves <= usableSize / 4 - 2 else {
                return "freelist trunk page \(trunk) counts an impossible \(leaves) pages"
            }
            let next = Self.bigEndian32(file, page + 0)
            for index in 0..<leaves {
                let leaf = Self.bigEndian32(file, page + 8 + 4 * index)
                found += 1
                guard found <= count else { return "its freelist is longer than its header says (\(count) pages)" }
                if let problem = mark(leaf) { return "free page \(leaf) \(problem)" }
            }
            trunk = next
        }
        guard found == count else { return "its freelist holds \(found) pages, its header says \(count)" }
        return nil
    }

    // MARK: - Pages

    /// Marks page `number` as reached and makes it the current `page`; says what is wrong if it cannot.
    private mutating func reach(_ number: Int) -> String? {
        if let problem = mark(number) { return problem }
        page = (number - 1) * pageSize
        return nil
    }

    /// Marks page `number` as reached, which it must not be yet; says what is wrong if it is.
    private mutating func mark(_ number: Int) -> String? {
        guard number >= 1, number <= pageCount else { return "lies outside the file's \(pageCount) pages" }
        let (word, bit) = ((number - 1) / 64, UInt64(1) << UInt64((number - 1) % 64))
        guard reached[word] & bit == 0 else { return "is reached twice" }
        reached[word] |= bit
        return nil
    }

    private static func bigEndian16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    private static func bigEndian32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
