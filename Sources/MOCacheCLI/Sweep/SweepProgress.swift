import Foundation
import MOCache

/// What a running sweep shows on standard error: on a terminal, a live table (one line per cell, redrawn
/// in place every second and on every change); elsewhere, one line per event; nothing with `--quiet`.
///
/// It owns the jobs' states and the ticker that redraws the table. `@unchecked Sendable` is safe: the
/// mutable state is behind a lock, and the rest is set once in `init`.
final class SweepProgress: @unchecked Sendable {
    /// How the progress is shown.
    enum Mode: Sendable {
        /// A table redrawn in place (standard error is a terminal).
        case live
        /// One line per event.
        case events
        /// Nothing.
        case silent
    }

    private struct State {
        var jobs: [SweepJobState]
        var drawnLines = 0
    }

    private let plan: SweepPlan
    private let mode: Mode
    private let style: Style
    private let state: Locked<State>
    private let ticker = Locked<Task<Void, Never>?>(nil)

    /// Starts with every job cached or queued, as the plan says.
    init(plan: SweepPlan, mode: Mode, style: Style) {
        self.plan = plan
        self.mode = mode
        self.style = style
        state = Locked(State(jobs: plan.jobs.map { $0.isStored ? .cached : .queued }))
    }

    /// Shows the start: the table, or a line per cached cell; starts the ticker on a terminal.
    func start() {
        switch mode {
        case .silent: return
        case .events:
            let counts =
                TextShapes.count(plan.cells.count, "cell") + ", \(plan.jobs.filter { !$0.isStored }.count) to run"
            Self.write("sweep: \(counts)\n")
            for job in plan.jobs where job.isStored { event(job.index, .cached) }
        case .live:
            redraw()
            let task = Task { [weak self] in
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: .seconds(1))
                    } catch {
                        return  // Cancelled by finish(), which draws the last state.
                    }
                    self?.redraw()
                }
            }
            ticker.withLock { $0 = task }
        }
    }

    /// A job's new state.
    func update(_ job: Int, _ new: SweepJobState) {
        state.withLock { $0.jobs[job] = new }
        switch mode {
        case .silent: return
        case .events: event(job, new)
        case .live: redraw()
        }
    }

    /// Stops the ticker and draws the last state.
    func finish() {
        ticker.withLock { $0?.cancel() }
        if case .live = mode { redraw() }
    }

    /// The live table's lines: each cell and its job's state. Pure, for tests.
    static func lines(plan: SweepPlan, states: [SweepJobState], now: Date, style: Style) -> [String] {
        let labels = plan.cells.map { "\($0.index + 1)/\(plan.cells.count)  \($0.label)" }
        let width = labels.map(\.count).max() ?? 0
        return plan.cells.map { cell in
            let label = labels[cell.index]
            let jobState = states[plan.jobOfCell[cell.index]]
            return label + String(repeating: " ", count: width - label.count) + "  "
                + colour(jobState, style: style)(TrainingBackendOptions.printable(jobState.text(now: now)))
        }
    }

    private static func colour(_ state: SweepJobState, style: Style) -> (String) -> String {
        switch state {
        case .cached, .done: return style.green
        case .failed: return style.red
        case .training, .evaluating: return style.yellow
        case .queued: return { $0 }
        }
    }

    private func event(_ job: Int, _ new: SweepJobState) {
        var text = ""
        for index in plan.jobs[job].cells {
            let cell = plan.cells[index]
            text +=
                "[\(index + 1)/\(plan.cells.count)] \(cell.label.isEmpty ? "(no grid)" : cell.label): "
                + TrainingBackendOptions.printable(new.event) + "\n"
        }
        Self.write(text)
    }

    private func redraw() {
        let now = Date()
        let text = state.withLock { state -> String in
            let lines = Self.lines(plan: plan, states: state.jobs, now: now, style: style)
            let up = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)A" : ""
            state.drawnLines = lines.count
            return up + lines.map { "\u{1B}[2K" + $0 + "\n" }.joined()
        }
        Self.write(text)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
