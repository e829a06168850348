// swift-tools-version: 6.2
import PackageDescription

// Upcoming features as Hummingbird enables them: a small public surface, explicit existentials.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "enrich",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "enrich", targets: ["enrich"]),
        .executable(name: "http-bench", targets: ["http-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries: one system target each, and exactly one Swift target that imports it.
        .systemLibrary(
            name: "CCSV",
            path: "Sources/CCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "ByteStream", swiftSettings: swiftSettings),
        // The checkpoint's database: the only Swift importer of SQLite.
        .target(name: "SQLiteStore", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        .target(name: "CSVStream", dependencies: ["CCSV", "ByteStream"], swiftSettings: swiftSettings),
        .target(name: "CurlHTTP", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        // Retries, rate limits and in-doubt handling on top of CurlHTTP; no C below this line.
        .target(name: "ProviderHTTP", dependencies: ["CurlHTTP"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // Measures CurlHTTP's throughput for scripts/bench/http.
        .executableTarget(name: "http-bench", dependencies: ["CurlHTTP", "ProviderHTTP"], swiftSettings: swiftSettings),
        .target(
            name: "EnrichCore",
            dependencies: [
                "ByteStream", "CSVStream", "CurlHTTP", "ProviderHTTP", "SQLiteStore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // The provider simulator: `enrich sim`, `run --sandbox` and the tests all build it the same way.
        .target(
            name: "Simulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The run's webhook listener: deliveries into the checkpoint, then to waiting lookups.
        .target(
            name: "WebhookReceiver",
            dependencies: [
                "EnrichCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "enrich",
            dependencies: [
                "EnrichCore",
                "Simulator",
                "WebhookReceiver",
                .target(name: "CMalloc", condition: .when(platforms: [.linux])),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "CSVStreamTests", dependencies: ["CSVStream", "ByteStream", "TestSupport"], swiftSettings: swiftSettings),
        // A POSIX-socket HTTP server on 127.0.0.1 for the component tests of both HTTP layers.
        .target(name: "HTTPTestSupport", path: "Tests/HTTPTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "HTTPTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProviderHTTPTests", dependencies: ["ProviderHTTP", "CurlHTTP", "HTTPTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EnrichCoreTests", dependencies: ["EnrichCore", "CSVStream", "ByteStream", "SQLiteStore", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "Simulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The provider adapters against the simulator over real HTTP, and the docs' examples.
        .testTarget(
            name: "ProviderTests",
            dependencies: [
                "EnrichCore", "Simulator", "CurlHTTP", "ProviderHTTP", "HTTPTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WebhookReceiverTests",
            dependencies: [
                "WebhookReceiver", "EnrichCore", "CurlHTTP", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["enrich", "TestSupport"], swiftSettings: swiftSettings),
    ]
)
