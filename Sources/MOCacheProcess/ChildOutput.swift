import Foundation
import Subprocess

/// What a child printed, read while it ran: the tails of its standard output and error.
struct ChildOutput: Sendable {
    /// The last ``ChildProcess/outputLimit`` bytes of standard output.
    let output: Data
    /// The last ``ChildProcess/errorLimit`` bytes of standard error.
    let errors: Data
    /// Why reading the output stopped early, when it did.
    let failure: String?

    /// Writes `input` to the child's standard input and closes it, while reading both of its outputs to
    /// their ends (or until the child exits: helpers that keep the pipes open are not waited for).
    static func exchange(
        with execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>, input: Data,
        echo: OutputEcho?
    ) async -> ChildOutput {
        async let fed: Void = feed(input, to: execution.standardInputWriter)
        async let output = read(execution.standardOutput, keepingLast: ChildProcess.outputLimit, echo: echo)
        async let errors = read(execution.standardError, keepingLast: ChildProcess.errorLimit, echo: echo)
        let (standardOutput, standardError) = await (output, errors)
        await fed
        return ChildOutput(
            output: standardOutput.tail, errors: standardError.tail,
            failure: standardOutput.failure ?? standardError.failure)
    }

    private static func feed(_ input: Data, to writer: StandardInputWriter) async {
        do {
            if !input.isEmpty { _ = try await writer.write(input) }
        } catch {
            // The child closed its standard input before reading all of it: it wants no more. What it
            // made of the part it read shows in its exit status and output.
        }
        do {
            try await writer.finish()
        } catch {
            // Closing our end of the pipe failed: the child sees end-of-file when it exits anyway.
        }
    }

    private static func read(
        _ sequence: SubprocessOutputSequence, keepingLast limit: Int, echo: OutputEcho?
    ) async -> (tail: Data, failure: String?) {
        var tail = OutputTail(keepingLast: limit)
        do {
            for try await buffer in sequence {
                buffer.withUnsafeBytes { tail.append($0) }
                await echo?.write(buffer)
            }
            return (tail.contents, nil)
        } catch {
            return (tail.contents, "reading its output failed: \(error)")
        }
    }
}
