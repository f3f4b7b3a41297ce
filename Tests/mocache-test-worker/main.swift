// mocache-test-worker: a child process the tests start, kill and race against each other.
//
//     mocache-test-worker COMMAND [ARGUMENTS...]
//
// The first argument names a command of `WorkerCommand.all`; see WorkerCommand.swift for the exit codes
// and how to add a command.
import Foundation

let code = await WorkerCommand.main(Array(CommandLine.arguments.dropFirst()))
exit(code)
