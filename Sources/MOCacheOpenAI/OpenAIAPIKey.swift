/// An OpenAI API key that never shows itself.
///
/// Printing, interpolating, dumping or reflecting a key gives a placeholder, so a key cannot reach
/// output, logs, errors or the store by accident. Only the client reads the secret, to send it in the
/// `Authorization` header.
///
/// ```swift
/// let key = OpenAIAPIKey("sk-...")
/// print(key)  // <OpenAI API key, redacted>
/// ```
public struct OpenAIAPIKey: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret, for the `Authorization` header only.
    package let secret: String

    /// Wraps a key.
    public init(_ secret: String) {
        self.secret = secret
    }

    /// A placeholder: never the key.
    public var description: String { "<OpenAI API key, redacted>" }

    /// A placeholder: never the key.
    public var debugDescription: String { description }

    /// No children: `dump` and mirrors show nothing of the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the key replaced by a placeholder: for messages that come from
    /// the service, which may quote the key it was given.
    package func redact(_ text: String) -> String {
        guard !secret.isEmpty else { return text }
        return text.replacing(secret, with: "[redacted API key]")
    }
}
