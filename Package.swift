// swift-tools-version:6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "mocache",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MOCache", targets: ["MOCache"]),
        .executable(name: "mocache", targets: ["mocache"]),
        .executable(name: "mocache-bench", targets: ["mocache-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Two system calls that Swift's Glibc module does not declare.
        .target(name: "CMOCacheShims"),
        // The library: keys, the store, the backends and the cached wrappers.
        .target(
            name: "MOCache",
            dependencies: [
                "CMOCacheShims",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The demo sweep behind `mocache demo`: a small local trainer, kept out of the core library.
        .target(
            name: "MOCacheDemo",
            dependencies: ["MOCache", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The command-line tool: a thin face over the library.
        .executableTarget(
            name: "mocache",
            dependencies: [
                "MOCache",
                "MOCacheDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The benchmark program.
        .executableTarget(
            name: "mocache-bench",
            dependencies: [
                "MOCache",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API itself, for the baseline that no wrapper can beat.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A child process the tests start, kill and race against each other.
        .executableTarget(
            name: "mocache-test-worker",
            dependencies: [
                "MOCache",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/mocache-test-worker",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MOCacheTests",
            dependencies: ["MOCache", "MOCacheDemo", "mocache", "mocache-test-worker"],
            swiftSettings: strictSettings
        ),
    ]
)
