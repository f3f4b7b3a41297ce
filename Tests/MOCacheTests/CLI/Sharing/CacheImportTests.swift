import Foundation
import MOCacheTesting
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Export and import")
struct CacheImportTests {
    typealias F = InspectionFixtures

    /// A store with two runs (one failed), two evals and an upload.
    static func source(_ kind: StoreKind, _ folder: TemporaryDirectory) async throws -> any CacheBackend {
        let store = try await kind.make(folder, "source")
        let run = try await F.store(F.config(0.1), in: store, modelID: "ft-1")
        try await F.store(F.config(0.2), in: store, fail: true)
        try await F.store(F.config(0.3), in: store, backend: "other", modelID: "ft-3")
        try await F.storeEval(model: run.modelID ?? "", task: "mmlu", metrics: ["acc": 0.5], in: store)
        try await F.storeEval(model: "ft-3", task: "mmlu", metrics: ["acc": 0.7], in: store)
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "openai", datasetHash: F.hash("d"), fileID: "file-1", uploadedAt: F.start))
        return store
    }

    static func exportText(_ store: any CacheBackend, _ filter: CacheExport.Filter = CacheExport.Filter()) async throws
        -> String
    {
        try await CacheExport.records(from: store, filter: filter).map { try $0.line() + "\n" }.joined()
    }

    @Test(
        "export writes succeeded entries oldest first, then evals, then uploads; filters narrow it",
        arguments: StoreKind.all)
    func export(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let store = try await Self.source(kind, folder)
        let records = try await CacheExport.records(from: store)
        #expect(
            records.map(\.kind) == ["training_run", "training_run", "eval_result", "eval_result", "dataset_upload"])
        #expect(records.map(\.result) == ["ft-1", "ft-3", #"{"acc":0.5}"#, #"{"acc":0.7}"#, "file-1"])
        let other = try await CacheExport.records(from: store, filter: CacheExport.Filter(backendID: "other"))
        #expect(other.map(\.result) == ["ft-3"])
        let model = try await CacheExport.records(from: store, filter: CacheExport.Filter(modelID: "ft-3"))
        #expect(model.map(\.kind) == ["training_run", "eval_result"])
        let evalsOnly = try await CacheExport.records(
            from: store, filter: CacheExport.Filter(trainingRuns: false, datasetUploads: false))
        #expect(evalsOnly.count == 2)
    }

    @Test("import into an empty store, then again: everything once, then nothing changes", arguments: StoreKind.all)
    func idempotent(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let text = try await Self.exportText(try await Self.source(kind, folder))
        let records = try CacheImport.read(Data(text.utf8), source: "x.jsonl")
        let target = try await kind.make(folder, "store1")
        let first = try await CacheImport.apply(records, to: target)
        #expect(first.trainingRuns == ImportReport.Counts(inserted: 2))
        #expect(first.evalResults == ImportReport.Counts(inserted: 2))
        #expect(first.datasetUploads == ImportReport.Counts(inserted: 1))
        #expect(first.conflicts.isEmpty)
        let second = try await CacheImport.apply(records, to: target)
        #expect(second.trainingRuns == ImportReport.Counts(unchanged: 2))
        #expect(second.evalResults == ImportReport.Counts(unchanged: 2))
        #expect(second.datasetUploads == ImportReport.Counts(unchanged: 1))
        #expect(second.changedNothing)
        // The target now exports the same lines as the source.
        #expect(try await Self.exportText(target) == text)
    }

    @Test("an imported run is served as a hit by the cached wrapper", arguments: StoreKind.all)
    func servedAfterImport(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let source = try await kind.make(folder, "store2")
        let backend = DummyTrainingBackend()
        let request = TrainingRequest(dataset: .bytes(Data("x".utf8)), baseModel: "tiny", hyperparameters: ["lr": 1])
        let trained = try await CachedTrainingBackend(backend, store: source).train(request)
        let records = try CacheImport.read(Data(try await Self.exportText(source).utf8), source: "x")
        let target = try await kind.make(folder, "store3")
        _ = try await CacheImport.apply(records, to: target)
        let other = DummyTrainingBackend()
        let served = try await CachedTrainingBackend(other, store: target).train(request)
        #expect(served.servedFromCache)
        #expect(served.modelID == trained.modelID)
        #expect(other.startCount == 0)
    }

    @Test("same key, other model id: a conflict, kept unless overwrite", arguments: StoreKind.all)
    func conflicts(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let target = try await kind.make(folder, "store4")
        let stored = try await F.store(F.config(0.1), in: target, modelID: "mine")
        try await F.storeEval(model: "mine", task: "t", metrics: ["a": 1], in: target)
        let source = try await kind.make(folder, "store5")
        try await F.store(F.config(0.1), in: source, modelID: "theirs")
        try await F.storeEval(model: "mine", task: "t", metrics: ["a": 2], in: source)
        let records = try CacheImport.read(Data(try await Self.exportText(source).utf8), source: "x")

        let kept = try await CacheImport.apply(records, to: target)
        #expect(kept.trainingRuns == ImportReport.Counts(conflicts: 1))
        #expect(kept.evalResults == ImportReport.Counts(conflicts: 1))
        #expect(kept.unresolvedConflicts == 2)
        #expect(kept.conflicts.first?.stored == "mine" && kept.conflicts.first?.imported == "theirs")
        #expect(kept.conflicts.first?.storedEntry == .training(stored.id))
        #expect(try await target.trainingRun(for: stored.key)?.modelID == "mine")

        let overwritten = try await CacheImport.apply(records, to: target, overwrite: true)
        #expect(overwritten.trainingRuns == ImportReport.Counts(replaced: 1))
        #expect(overwritten.unresolvedConflicts == 0)
        #expect(overwritten.conflicts.count == 2)
        let now = try #require(try await target.trainingRun(for: stored.key))
        #expect(now.modelID == "theirs" && now.id == stored.id)
    }

    @Test("a stored failure is replaced by an imported success", arguments: StoreKind.all)
    func replacesFailure(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let target = try await kind.make(folder, "store6")
        let failed = try await F.store(F.config(0.1), in: target, fail: true)
        let source = try await kind.make(folder, "store7")
        try await F.store(F.config(0.1), in: source, modelID: "good")
        let records = try CacheImport.read(Data(try await Self.exportText(source).utf8), source: "x")
        let report = try await CacheImport.apply(records, to: target)
        #expect(report.trainingRuns == ImportReport.Counts(replaced: 1))
        #expect(report.conflicts.isEmpty)
        let now = try #require(try await target.trainingRun(for: failed.key))
        #expect(now.status == .succeeded && now.modelID == "good" && now.error == nil && now.id == failed.id)
    }

    @Test("every line is checked before anything is written; errors list line numbers", arguments: StoreKind.all)
    func validatesFirst(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let good = try await Self.exportText(try await Self.source(kind, folder))
        let text = good + "\n   \nnot json\n" + #"{"version":1,"kind":"nope"}"# + "\n"
        let error = #expect(throws: MOCacheError.self) { try CacheImport.read(Data(text.utf8), source: "bad.jsonl") }
        #expect(error?.code == .invalidInput)
        let message = error?.message ?? ""
        #expect(message.hasPrefix("bad.jsonl has 2 invalid records; nothing was imported:"), "\(message)")
        #expect(message.contains("line 8: "), "\(message)")
        #expect(message.contains("line 9: $.kind: unknown kind"), "\(message)")
    }

    @Test("a key twice in a file: the same result is dropped, another result is an error")
    func duplicates() throws {
        let line = try ExchangeRecordTests.trainingLine()
        #expect(try CacheImport.read(Data((line + "\n" + line + "\r\n").utf8), source: "x").count == 1)
        let other = line.replacingOccurrences(of: #""model_id":"ft-1""#, with: #""model_id":"ft-2""#)
        let error = #expect(throws: MOCacheError.self) {
            try CacheImport.read(Data((line + "\n" + other).utf8), source: "x")
        }
        #expect(error?.message.contains("line 2: the same key as line 1 with another result (ft-1 vs ft-2)") == true)
    }

    @Test("an upload with another file id is a conflict unless overwrite", arguments: StoreKind.all)
    func uploadConflict(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let target = try await kind.make(folder, "store8")
        try await target.recordDatasetUpload(
            DatasetUpload(backendID: "openai", datasetHash: F.hash("d"), fileID: "mine", uploadedAt: F.start))
        let records = [
            ExchangeRecord.datasetUpload(
                DatasetUpload(backendID: "openai", datasetHash: F.hash("d"), fileID: "theirs", uploadedAt: F.start))
        ]
        let kept = try await CacheImport.apply(records, to: target)
        #expect(kept.datasetUploads.conflicts == 1)
        #expect(try await target.datasetUpload(backendID: "openai", datasetHash: F.hash("d"))?.fileID == "mine")
        let replaced = try await CacheImport.apply(records, to: target, overwrite: true)
        #expect(replaced.datasetUploads.replaced == 1)
        #expect(try await target.datasetUpload(backendID: "openai", datasetHash: F.hash("d"))?.fileID == "theirs")
    }
}

extension CacheImportTests {
    @Test(
        "a replaced entry keeps its id and hit counts; a record without its result is refused", arguments: StoreKind.all
    )
    func replaceKeepsLedger(_ kind: StoreKind) async throws {
        let folder = try TemporaryDirectory()
        let target = try await kind.make(folder, "target")
        let stored = try await F.store(F.config(0.1), in: target, modelID: "mine")
        await target.recordHit(.training(stored.id))
        try await target.flushHits()
        let incoming = TrainingRunRecord(
            id: 0, key: stored.key, config: stored.config, status: .succeeded, modelID: "theirs",
            createdAt: F.start, startedAt: F.start, finishedAt: F.start + 60)
        let dispositions = try await target.importTrainingRuns([incoming], overwrite: true)
        #expect(dispositions == [.replaced(.training(stored.id))])
        let now = try #require(try await target.trainingRun(for: stored.key))
        #expect(now.modelID == "theirs" && now.hitCount == 1 && now.computeSeconds == 60 && now.lease == nil)

        let noModel = TrainingRunRecord(
            id: 0, key: TrainingKey(backendID: "b", datasetHash: F.hash("a"), configHash: F.hash("b")), config: [:],
            status: .succeeded, createdAt: F.start, finishedAt: F.start)
        await #expect(throws: MOCacheError.self) { try await target.importTrainingRuns([noModel], overwrite: false) }
        let noMetrics = try F.eval(id: 0, model: "m", task: "t", metrics: nil)
        await #expect(throws: MOCacheError.self) { try await target.importEvalResults([noMetrics], overwrite: false) }
        #expect(try await target.trainingRuns(matching: TrainingRunFilter()).count == 1)
    }
}
