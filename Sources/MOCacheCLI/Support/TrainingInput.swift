import Foundation
import MOCache

/// Reading the `--config FILE` and `--dataset FILE` of `mocache train` and `mocache why-miss`.
enum TrainingInput {
    /// Reads and checks a training configuration file.
    static func configFile(_ path: String) throws -> TrainingConfigFile {
        let data = try CanonicalCommand.read(path)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch let error as MOCacheError {
            throw MOCacheError(error.code, "\(path): \(error.message)", path: path)
        }
        return try TrainingConfigFile(json: json, source: path)
    }
}
