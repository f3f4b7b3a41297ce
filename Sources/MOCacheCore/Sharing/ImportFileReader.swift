import Foundation

/// Checks the lines of an import file one at a time, so that a file is never held in memory whole:
/// only its records are kept.
///
/// ```swift
/// var reader = ImportFileReader(source: "results.jsonl")
/// for (number, line) in lines.enumerated() { reader.add(line, number: number + 1) }
/// let records = try reader.records()
/// ```
///
/// Blank lines are skipped. A key that appears twice must hold the same result both times; the repeats
/// are dropped.
public struct ImportFileReader: Sendable {
    /// The file name, for messages.
    public let source: String
    private var accepted: [ExchangeRecord] = []
    private var problems: [String] = []
    private var problemCount = 0
    private var firstLine: [String: (line: Int, record: ExchangeRecord)] = [:]

    /// Starts reading the file named `source`.
    public init(source: String) {
        self.source = source
    }

    /// Checks one line (without its `\n`; a trailing `\r` is dropped) and keeps its record.
    public mutating func add(_ line: Data, number: Int) {
        var bytes = line[...]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        do {
            let record = try ExchangeRecord(json: try JSONValue(parsingDocument: Data(bytes)))
            let key = record.exchangeKey
            if let earlier = firstLine[key] {
                if earlier.record.result != record.result {
                    throw MOCacheError(
                        .invalidInput,
                        "the same key as line \(earlier.line) with another result (\(earlier.record.result) "
                            + "vs \(record.result))")
                }
                return
            }
            firstLine[key] = (number, record)
            accepted.append(record)
        } catch let error as MOCacheError {
            problemCount += 1
            if problems.count < CacheImport.listedProblems {
                problems.append("line \(number): \(error.message)")
            }
        } catch {
            problemCount += 1
            if problems.count < CacheImport.listedProblems { problems.append("line \(number): \(error)") }
        }
    }

    /// The records of every line, once all lines were added.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` listing each bad line (its
    ///   number, the JSON path and the problem) when any line is not a valid record.
    public func records() throws -> [ExchangeRecord] {
        guard problemCount == 0 else {
            var listed = problems
            if problemCount > listed.count { listed.append("… and \(problemCount - listed.count) more") }
            throw MOCacheError(
                .invalidInput,
                "\(source) has \(problemCount) invalid record\(problemCount == 1 ? "" : "s"); nothing was imported:\n"
                    + listed.map { "  \($0)" }.joined(separator: "\n"),
                path: source)
        }
        return accepted
    }

}
