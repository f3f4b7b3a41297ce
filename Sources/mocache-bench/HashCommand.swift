import ArgumentParser
import Foundation
import MOCache

/// `hash`: dataset hashing throughput beside `openssl dgst -sha256` on the same file.
struct HashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "DatasetHasher on a file vs `openssl dgst -sha256` on the same file.")

    @Option(help: "Size of the dataset file (1GiB, 256MiB, ...).")
    var size = ByteCount(bytes: 1 << 30)

    @Option(help: "Timed runs of each (alternating); the file is read once by each first, untimed.")
    var runs = 9

    @Option(help: "The openssl program.")
    var openssl = "openssl"

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard runs > 0, size.bytes > 0 else { throw ValidationError("runs and size must be > 0") }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let path = folder.file("dataset.bin")
            try DatasetFile.make(path: path, size: size.bytes)
            // Warm-up: both read the file once, so that every timed run reads it from the page cache.
            let expected = try await OpenSSLDigest.sha256(path: path, openssl: openssl)
            let ours = try await DatasetHasher.hash(fileAt: path)
            var mocache: [Int64] = []
            var baseline: [Int64] = []
            var mocacheCPU: [Int64] = []
            var baselineCPU: [Int64] = []
            var agree = ours == expected
            for run in 0..<runs {
                Progress.say("hash run \(run + 1)/\(runs)")
                let ourCPUStart = MonotonicClock.processCPU()
                let (oursTime, oursHash) = try await Stopwatch.time { try await DatasetHasher.hash(fileAt: path) }
                mocacheCPU.append(MonotonicClock.processCPU() - ourCPUStart)
                let theirCPUStart = MonotonicClock.childrenCPU()
                let (theirsTime, theirsHash) = try await Stopwatch.time {
                    try await OpenSSLDigest.sha256(path: path, openssl: openssl)
                }
                baselineCPU.append(MonotonicClock.childrenCPU() - theirCPUStart)
                mocache.append(oursTime)
                baseline.append(theirsTime)
                agree = agree && oursHash == expected && theirsHash == expected
            }
            var report = BenchReport(scenario: "hash")
            report.parameters.merge([
                "size": "\(size)", "runs": "\(runs)", "openssl": await OpenSSLDigest.version(openssl: openssl),
            ]) { _, given in given }
            let ourSummary = Summary(nanoseconds: mocache, opsPerSample: 1)
            let theirSummary = Summary(nanoseconds: baseline, opsPerSample: 1)
            report.measurements = [
                Measurement(
                    "DatasetHasher.hash(fileAt:)", ourSummary, baseline: "openssl dgst -sha256 (process)", theirSummary,
                    speedup: true)
            ]
            report.figures["mocache_mb_per_s"] = Double(size.bytes) / ourSummary.medianNs * 1e3
            report.figures["openssl_mb_per_s"] = Double(size.bytes) / theirSummary.medianNs * 1e3
            let ourCPU = Summary(nanoseconds: mocacheCPU)
            let theirCPU = Summary(nanoseconds: baselineCPU)
            report.figures["mocache_cpu_mb_per_s"] = Double(size.bytes) / ourCPU.medianNs * 1e3
            report.figures["openssl_cpu_mb_per_s"] = Double(size.bytes) / theirCPU.medianNs * 1e3
            report.figures["cpu_throughput_ratio"] = theirCPU.medianNs / ourCPU.medianNs
            report.checks["same_hash_as_openssl"] = agree
            report.notes = [
                "ratio = openssl median time / mocache median time = mocache throughput / openssl throughput; "
                    + "target >= 0.9",
                "the file is in the page cache (read once by each before timing); MB = 10^6 bytes",
                "openssl's time includes starting its process (a few ms)",
                "cpu_* figures: MB per CPU-second (user + system; openssl's from getrusage of its process), "
                    + "steadier than wall time on a shared machine",
            ]
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
