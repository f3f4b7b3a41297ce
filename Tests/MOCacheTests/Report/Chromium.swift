import Foundation

/// Headless Chromium, for the tests that look at the report as a browser draws it.
///
/// `.ci/run` installs it (`apt-get install -y chromium`). Elsewhere a missing browser skips those tests
/// with a message; under CI (`CI=true`) a missing browser fails them instead.
enum Chromium {
    /// The browser's path, found in `PATH` as `chromium`, or `nil`.
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for folder in folders {
            let candidate = "\(folder)/chromium"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether the tests run under CI, where every test must run.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the browser tests run: the browser is there, or CI demands it.
    static let shouldRun = path != nil || inCI

    /// The arguments of a headless run at `width` x `height` CSS pixels, one device pixel each, with
    /// a profile of its own in `profile` (so that two runs can share the machine).
    static func arguments(width: Int, height: Int, profile: String) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", "--force-device-scale-factor=1",
            "--user-data-dir=\(profile)", "--window-size=\(width),\(height)",
        ]
    }
}
