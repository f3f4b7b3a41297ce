import MOCache

// MARK: - Factories of inspection

extension MOCacheError {
    static func invalidTrainingConfig(source: String, at path: String, _ reason: String) -> MOCacheError {
        MOCacheError(.invalidConfig, "\(source): \(path): \(reason).", path: source)
    }

    static func entryNotFound(_ reference: String, detail: String) -> MOCacheError {
        MOCacheError(
            .notFound,
            "No stored entry matches \"\(reference)\" (\(detail)). List entries with `mocache models` or "
                + "`mocache evals`; an entry's id looks like t12 (a training run) or e34 (an eval result).")
    }

    /// A reference that matches several entries; `atLeast` when more matched than were counted.
    static func ambiguousReference(
        _ reference: String, candidates: [String], more: Int, atLeast: Bool = false
    ) -> MOCacheError {
        let bound = atLeast ? "at least " : ""
        var lines = candidates.map { "  \($0)" }
        if more > 0 || atLeast { lines.append("  … and \(bound)\(more) more") }
        return MOCacheError(
            .ambiguous,
            "\"\(reference)\" matches \(bound)\(candidates.count + more) entries; give more characters or one "
                + "of their ids:\n" + lines.joined(separator: "\n"))
    }

    /// An entry id that is also the model id of a training run: `t2`, when a model is named `t2`.
    static func idAlsoModelID(_ reference: String, candidates: [String]) -> MOCacheError {
        MOCacheError(
            .ambiguous,
            "\"\(reference)\" is an entry id and also the model id of another training run; name the one you "
                + "mean by the start of its config hash (4 characters or more), or by its model id when that is "
                + "not an id too:\n" + candidates.map { "  \($0)" }.joined(separator: "\n"))
    }

    static func invalidTimeSpan(_ text: String) -> MOCacheError {
        MOCacheError(
            .invalidInput,
            "\"\(text)\" is not a time span: write a number and a unit, such as 30d, 12h, 90m, 45s or 2w "
                + "(or several: 1d12h).")
    }

    static func invalidDate(_ text: String) -> MOCacheError {
        MOCacheError(
            .invalidInput,
            "\"\(text)\" is neither a time span (30d, 12h) nor a date (2026-01-31 or 2026-01-31T12:00:00Z).")
    }
}
