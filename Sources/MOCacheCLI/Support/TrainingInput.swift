import Foundation
import MOCache

/// Reading the `--config FILE` and `--dataset FILE` of `mocache train` and `mocache why-miss`.
enum TrainingInput {
    /// Reads and checks a training configuration file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - settings: `--set` values, applied to the file's configuration before it is checked.
    static func configFile(_ path: String, settings: [ConfigSetting] = []) throws -> TrainingConfigFile {
        let data = try CanonicalCommand.read(path)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch let error as MOCacheError {
            throw MOCacheError(error.code, "\(path): \(error.message)", path: path)
        }
        var config = json
        for setting in settings {
            config = try setting.apply(to: config)
        }
        return try TrainingConfigFile(json: config, source: settings.isEmpty ? path : "\(path) with --set")
    }
}
