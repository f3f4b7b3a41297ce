import Foundation

/// The folder of the executables `swift build` made (`.build/debug`), where the tests find
/// `mocache`, `mocache-test-worker` and the other products.
///
/// On Linux the test runner is itself an executable in that folder, `Bundle.main.bundleURL`. On macOS
/// the tests run inside a `.xctest` bundle in that folder.
let productsDirectory: URL = {
    #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
    #endif
    return Bundle.main.bundleURL
}()

/// The path of a built executable, such as `product("mocache-test-worker")`.
func product(_ name: String) -> String {
    productsDirectory.appendingPathComponent(name).path
}

/// The test worker: see `Tests/mocache-test-worker/WorkerCommand.swift` for its commands.
let testWorker = product("mocache-test-worker")
