// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// The targets and which way their arrows point are drawn in ARCHITECTURE.md; keep the two in step.
let package = Package(
    name: "mocache",
    platforms: [.macOS(.v15)],
    products: [
        // What users import: the core, the SQLite store and the process backends.
        .library(name: "MOCache", targets: ["MOCache"]),
        // Dummy backends, for tests and programs that need a backend without a real service.
        .library(name: "MOCacheTesting", targets: ["MOCacheTesting"]),
        // The store conformance suite, for the tests of a store (it links Swift Testing: tests only).
        .library(name: "MOCacheConformance", targets: ["MOCacheConformance"]),
        // The OpenAI fine-tuning backend, on async-http-client: apart from MOCache so that users who
        // do not train on a service never compile an HTTP client.
        .library(name: "MOCacheOpenAI", targets: ["MOCacheOpenAI"]),
        // The inspect-ai eval backend: runs the `inspect` program of a Python environment.
        .library(name: "MOCacheInspect", targets: ["MOCacheInspect"]),
        .executable(name: "mocache", targets: ["MOCacheTool"]),
        .executable(name: "mocache-bench", targets: ["mocache-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Keys, canonical JSON, hashing, the model types, the backend and store protocols, the rules every
        // store shares, the cached wrappers and the in-memory store. No database, no network, no processes.
        .target(
            name: "MOCacheCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The SQLite store, on GRDB.
        .target(
            name: "MOCacheSQLite",
            dependencies: [
                "MOCacheCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The shared store on PostgreSQL, on postgres-nio.
        .target(
            name: "MOCachePostgres",
            dependencies: [
                "MOCacheCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Backends that run a command: training and evaluation scripts as child processes.
        .target(
            name: "MOCacheProcess",
            dependencies: [
                "MOCacheCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The OpenAI fine-tuning backend: a small client of the fine-tuning API on async-http-client.
        .target(
            name: "MOCacheOpenAI",
            dependencies: [
                "MOCacheCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The inspect-ai eval backend: `inspect eval` as a child process, its JSON log read back.
        .target(
            name: "MOCacheInspect",
            dependencies: [
                "MOCacheCore",
                "MOCacheProcess",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The umbrella users import: re-exports the three above.
        .target(
            name: "MOCache",
            dependencies: ["MOCacheCore", "MOCacheSQLite", "MOCacheProcess"],
            swiftSettings: strictSettings
        ),
        // Dummy training and evaluation backends, for tests, the bench and the test worker.
        .target(
            name: "MOCacheTesting",
            dependencies: ["MOCacheCore"],
            swiftSettings: strictSettings
        ),
        // The store conformance suite that every store's tests run. It imports Swift Testing, so only test
        // targets depend on it: SwiftPM's guidance is to link testing libraries into tests, never programs.
        .target(
            name: "MOCacheConformance",
            dependencies: ["MOCacheCore"],
            swiftSettings: strictSettings
        ),
        // The demo sweep behind `mocache demo`: a small local trainer, kept out of the library.
        .target(
            name: "MOCacheDemo",
            dependencies: ["MOCacheCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The command line's logic: commands, inspection, text and JSON shapes. Tests call it directly.
        .target(
            name: "MOCacheCLI",
            dependencies: [
                "MOCache",
                "MOCacheDemo",
                "MOCacheOpenAI",
                "MOCachePostgres",
                "MOCacheInspect",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // Reads sweep files written in YAML; only the command line reads YAML.
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // The `mocache` program: a thin face over MOCacheCLI.
        .executableTarget(
            name: "MOCacheTool",
            dependencies: ["MOCacheCLI"],
            swiftSettings: strictSettings
        ),
        // The benchmark program, with the raw SQLite floor that no store can beat.
        .executableTarget(
            name: "mocache-bench",
            dependencies: [
                "MOCache",
                "MOCacheTesting",
                "MOCachePostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // A child process the tests start, kill and race against each other.
        .executableTarget(
            name: "mocache-test-worker",
            dependencies: [
                "MOCache",
                "MOCacheTesting",
                "MOCachePostgres",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/mocache-test-worker",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MOCacheTests",
            dependencies: [
                "MOCache", "MOCacheTesting", "MOCacheConformance", "MOCacheDemo", "MOCacheCLI", "MOCacheTool",
                "mocache-test-worker", "MOCacheOpenAI", "MOCachePostgres", "MOCacheInspect",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
