// swift-tools-version:6.2
import PackageDescription

/// Settings shared by every target: Swift 6 language mode plus the upcoming features the house style asks for.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Backstep",
    platforms: [.macOS(.v14), .iOS(.v17), .watchOS(.v10), .tvOS(.v17)],
    products: [
        .executable(name: "backstep", targets: ["backstep"]),
        .library(name: "BackstepCore", targets: ["BackstepCore"]),
        .library(name: "FTMSCodec", targets: ["FTMSCodec"]),
        .library(name: "FITCodec", targets: ["FITCodec"]),
        .library(name: "BackstepInterop", targets: ["BackstepInterop"]),
        .library(name: "BackstepFHIR", targets: ["BackstepFHIR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Pure domain: units, workouts, profiles, catalog, plans, energy, progression, safety, assessments.
        // Standard library and Foundation only; no I/O, no clocks.
        .target(name: "BackstepCore", swiftSettings: swiftSettings),
        // Pure codec: Bluetooth Fitness Machine Service (treadmill subset), bytes in and out.
        .target(name: "FTMSCodec", swiftSettings: swiftSettings),
        // Pure codec: Garmin FIT files, streaming decoder and encoder.
        .target(name: "FITCodec", swiftSettings: swiftSettings),
        // Treadmills in domain terms: the simulated FTMS treadmill and the FTMS driver. Pure; time is injected.
        .target(name: "BackstepTreadmill", dependencies: ["BackstepCore", "FTMSCodec"], swiftSettings: swiftSettings),
        // Storage interface: repository protocols, records, statistics and an in-memory implementation.
        // Knows nothing of SQL or drivers.
        .target(name: "BackstepStorage", dependencies: ["BackstepCore"], swiftSettings: swiftSettings),
        // The one SQL implementation of the storage protocols, over `any SQLDatabase`: SQLite (sqlite-kit, the
        // embedded default) and PostgreSQL (postgres-kit over PostgresClient). Migrations and the migrator live here.
        .target(
            name: "BackstepStorageSQL",
            dependencies: [
                "BackstepCore", "BackstepStorage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The live runtime: runs a session engine in real (or sped-up) time against a treadmill link.
        .target(
            name: "BackstepLive", dependencies: ["BackstepCore", "BackstepTreadmill"], swiftSettings: swiftSettings),
        // The web app: Hummingbird server, accounts, HTML pages (mustache templates), the JSON API and the live
        // session player over WebSocket. The composition root is `buildApplication(settings:)`.
        .target(
            name: "BackstepServer",
            dependencies: [
                "BackstepCore", "BackstepStorage", "BackstepStorageSQL", "BackstepLive", "BackstepTreadmill",
                "FTMSCodec", "BackstepInterop", "BackstepQR", "BackstepFHIR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/Templates"), .copy("Resources/Public")],
            swiftSettings: swiftSettings
        ),
        // Pure QR code encoder (byte mode, versions 1–40) and its SVG drawing, for invitation links.
        .target(name: "BackstepQR", swiftSettings: swiftSettings),
        // Pure converters: FIT workouts and activities, TCX, ZWO, iCalendar and CSV, export and import; bytes and
        // strings in and out (the folder walker lives in the command line).
        .target(name: "BackstepInterop", dependencies: ["BackstepCore", "FITCodec"], swiftSettings: swiftSettings),
        // Pure export: one client's record as a FHIR R4 Bundle (application/fhir+json). Foundation only, no I/O, no
        // clocks, and on purpose independent of the other targets: callers map their records onto its input types.
        .target(name: "BackstepFHIR", swiftSettings: swiftSettings),
        // The command line's commands, as a library so tests can drive them in-process.
        .target(
            name: "BackstepCLI",
            dependencies: [
                "BackstepCore",
                "FTMSCodec",
                "BackstepTreadmill",
                "BackstepStorage",
                "BackstepStorageSQL",
                "BackstepLive",
                "BackstepServer",
                "BackstepInterop",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `backstep` executable: a thin entry point over BackstepCLI.
        .executableTarget(
            name: "backstep",
            dependencies: ["BackstepCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // In-process benchmarks of the core (Benchmarks/run.sh builds it in release mode).
        .executableTarget(
            name: "backstep-bench", dependencies: ["BackstepCore", "BackstepLive"],
            path: "Benchmarks/Sources/backstep-bench",
            swiftSettings: swiftSettings
        ),
        // FIT decoding throughput (Benchmarks/fit/run.sh compares it with garmin-fit-sdk and fitdecode).
        .executableTarget(
            name: "fit-bench", dependencies: ["FITCodec"], path: "Benchmarks/fit/Sources", swiftSettings: swiftSettings),
        // Years of seeded training history, shared by storage-bench and web-bench-seed.
        .target(
            name: "BenchmarkSeeding", dependencies: ["BackstepCore", "BackstepStorage"], path: "Benchmarks/Seeding",
            swiftSettings: swiftSettings),
        // Storage benchmark: bulk insert of ten years of sessions and statistics latency (Benchmarks/storage/run.sh).
        .executableTarget(
            name: "storage-bench",
            dependencies: ["BackstepCore", "BackstepStorage", "BackstepStorageSQL", "BenchmarkSeeding"],
            path: "Benchmarks/storage/Sources", swiftSettings: swiftSettings),
        // Web benchmark seeding: five years of history and the live athletes' tokens (Benchmarks/web/run.sh).
        .executableTarget(
            name: "web-bench-seed",
            dependencies: [
                "BackstepCore", "BackstepStorage", "BackstepStorageSQL", "BackstepTreadmill", "FTMSCodec",
                "BenchmarkSeeding",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/web/Sources", swiftSettings: swiftSettings),
        .testTarget(
            name: "BackstepCoreTests", dependencies: ["BackstepCore", "BackstepTreadmill"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FTMSCodecTests", dependencies: ["FTMSCodec", "BackstepTreadmill"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BackstepTreadmillTests", dependencies: ["BackstepTreadmill", "BackstepCore", "FTMSCodec"],
            swiftSettings: swiftSettings),
        // Test support shared by the test targets: finds the cross-check Python and the built `backstep` executable,
        // and holds the FIT canonical form the cross-check drivers print.
        .target(
            name: "CrossCheckSupport", dependencies: ["FITCodec"], path: "Tests/CrossCheckSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FITCodecTests", dependencies: ["FITCodec", "CrossCheckSupport", "BackstepTreadmill"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BackstepInteropTests",
            dependencies: [
                "BackstepInterop", "BackstepCore", "FITCodec", "BackstepCLI", "CrossCheckSupport", "BackstepTreadmill",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BackstepFHIRTests", dependencies: ["BackstepFHIR", "CrossCheckSupport"],
            swiftSettings: swiftSettings),
        // The repository suite, run on the in-memory store, SQLite and (with BACKSTEP_TEST_POSTGRES_URL) PostgreSQL;
        // migration tests; the kill -9 crash test (drives `backstep db crash-writer`); imports into storage.
        .testTarget(
            name: "BackstepStorageTests",
            dependencies: [
                "BackstepStorage", "BackstepStorageSQL", "BackstepCore", "backstep", "CrossCheckSupport",
                "BackstepServer", "BackstepInterop", "BackstepTreadmill",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Databases written by earlier versions, read by path (StoredRowsFixtureTests).
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackstepQRTests", dependencies: ["BackstepQR", "CrossCheckSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "BackstepCLITests",
            dependencies: [
                "CrossCheckSupport",
                "BackstepCLI", "BackstepCore", "BackstepStorage", "BackstepStorageSQL", "backstep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackstepServerTests",
            dependencies: [
                "CrossCheckSupport",
                "BackstepServer", "BackstepCore", "BackstepStorage", "BackstepStorageSQL", "BackstepTreadmill",
                "FTMSCodec", "BackstepInterop", "FITCodec",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
