/// The end of a command that printed its result but must exit with status 1: verify found problems,
/// import left conflicts, an eval task failed. The result says why; nothing more is printed.
struct CommandFailure: Error {}
