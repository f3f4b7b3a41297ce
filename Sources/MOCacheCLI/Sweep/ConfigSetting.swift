import ArgumentParser
import MOCache

/// One `--set PATH=VALUE` of `mocache sweep` and `mocache train`: a value that replaces (or adds) one
/// value of the training configuration without a new file.
///
/// The value is read as YAML: `0.05` is a number, `true` a boolean, `tiny` a string, `[1, 2]` a list,
/// and `'3'` (quoted) the string `3`.
struct ConfigSetting: Hashable, Sendable {
    /// Where the value goes.
    let path: ConfigPath
    /// The value.
    let value: JSONValue

    /// Reads `PATH=VALUE`.
    ///
    /// - Throws: `ValidationError` saying what the option expects.
    init(argument: String) throws {
        guard let equals = argument.firstIndex(of: "="), let path = ConfigPath(String(argument[..<equals])) else {
            throw ValidationError(
                "--set takes PATH=VALUE, such as --set hyperparameters.learning_rate=0.05 (not \"\(argument)\").")
        }
        let text = String(argument[argument.index(after: equals)...])
        do {
            value = try YAMLReader.json(YAMLReader.root(text, source: "--set \(path)"), source: "--set \(path)")
        } catch let error as MOCacheError {
            throw ValidationError("\(error.message) Quote a string value: --set '\(path)=\"...\"'.")
        }
        self.path = path
    }

    /// `config` with this value set.
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config` when the path does not lead into `config`.
    func apply(to config: JSONValue) throws -> JSONValue {
        if let problem = path.problem(in: config) {
            throw MOCacheError(.invalidConfig, "--set \(path): not a path into the configuration: \(problem).")
        }
        return path.setting(value, in: config)
    }
}
