/// Chat fine-tuning data for the tests.
enum ChatData {
    /// Three chat examples as JSONL.
    static let examples = """
        {"messages": [{"role": "system", "content": "You answer briefly."}, {"role": "user", "content": "Capital of France?"}, {"role": "assistant", "content": "Paris."}]}
        {"messages": [{"role": "user", "content": "2 + 2?"}, {"role": "assistant", "content": "4."}]}
        {"messages": [{"role": "user", "content": "Colour of the sky?"}, {"role": "assistant", "content": "Blue."}]}

        """

    /// A configuration file's text for `gpt-4o-mini` with these epochs.
    static func config(epochs: Int = 2, suffix: String = "support", options: String = "{}") -> String {
        """
        {"base_model": "gpt-4o-mini-2024-07-18", "hyperparameters": {"n_epochs": \(epochs)}, \
        "suffix": "\(suffix)", "options": \(options)}
        """
    }
}
