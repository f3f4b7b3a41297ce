/// A password for the server, kept out of every description: printing, logging, `dump` and
/// `String(reflecting:)` of a value holding one show `***`.
public struct PostgresPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The password itself, for the connection and nothing else.
    let text: String

    /// Wraps a password.
    public init(_ text: String) {
        self.text = text
    }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
