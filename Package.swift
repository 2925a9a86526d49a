// swift-tools-version:6.1
//
// Sluice: a plugin-based document ingestion framework.
//
// Layout:
//   Sources/SluiceCore         the core protocol layer and the pipeline engine (knows no plugin)
//   Sources/SluiceCommandLine  the `sluice` command line as a library, so a third party can ship it with its own plugins
//   Sources/sluice             the thin executable
//   Sources/SluiceBuiltins     one call that registers every built-in plugin
//   Sources/SluiceTesting      in-memory source and sink, and a conformance check for readers
//   Tests/SluiceTestSupport    helpers for this repository's own tests only (not a product)
//   Sources/C*                 system-library shims for the C libraries the plugins use
//   Plugins/*                  the built-in readers, normalizers and sinks, one module each
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
        .library(name: "SluiceCommandLine", targets: ["SluiceCommandLine"]),
        .library(name: "SluiceBuiltins", targets: ["SluiceBuiltins"]),
        .library(name: "SluiceTesting", targets: ["SluiceTesting"]),
        .library(name: "SluiceTextReader", targets: ["SluiceTextReader"]),
        .library(name: "SluiceTextDecoding", targets: ["SluiceTextDecoding"]),
        .library(name: "SluiceNormalizers", targets: ["SluiceUnicodeNormalizer", "SluiceWhitespaceNormalizer"]),
        .library(name: "SluiceJSONLSink", targets: ["SluiceJSONLSink"]),
        .library(name: "SluiceNewsReader", targets: ["SluiceNewsReader"]),
        .library(name: "SluiceMinutesReader", targets: ["SluiceMinutesReader"]),
        .library(name: "SluiceSQLiteSink", targets: ["SluiceSQLiteSink"]),
        .library(name: "SluicePostgresSink", targets: ["SluicePostgresSink"]),
        .library(name: "SluiceExecPlugins", targets: ["SluiceExecPlugins"]),
        .library(name: "SluiceDocxDecoder", targets: ["SluiceDocxDecoder"]),
        .library(name: "SluiceMarkdownReader", targets: ["SluiceMarkdownReader"]),
    ],
    traits: [
        // The PostgreSQL sink pulls in postgres-nio (and SwiftNIO), which adds minutes to a clean
        // build, so it is off by default: `swift build --traits Postgres` (also `swift run`/`swift test`)
        // builds it in.
        .trait(name: "Postgres", description: "The PostgreSQL sink `postgres` and multi-worker claims (postgres-nio)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Core and command line
        .target(
            name: "SluiceCore",
            dependencies: [
                "CSHA256",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "SluiceCommandLine",
            dependencies: [
                "SluiceCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "sluice",
            dependencies: ["SluiceCommandLine", "SluiceBuiltins"],
            swiftSettings: swiftSettings),
        .target(
            name: "SluiceBuiltins",
            dependencies: [
                "SluiceCore",
                "SluiceTextReader",
                "SluiceUnicodeNormalizer",
                "SluiceWhitespaceNormalizer",
                "SluiceJSONLSink",
                "SluiceNewsReader",
                "SluiceMinutesReader",
                "SluiceSQLiteSink",
                "SluiceExecPlugins",
                .target(name: "SluicePostgresSink", condition: .when(traits: ["Postgres"])),
                "SluiceDocxDecoder",
                "SluiceMarkdownReader",
                "SluiceChunkNormalizer",
                "SluiceLanguageNormalizer",
                "SluiceFilterNormalizer",
                "SluiceDedupNormalizer",
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "SluiceTesting",
            dependencies: ["SluiceCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),

        // SHA-256 with the processor's SHA instructions, where it has them (C: Swift cannot name them)
        .target(name: "CSHA256", path: "Sources/CSHA256"),

        // System libraries
        .systemLibrary(
            name: "CUchardet", path: "Sources/CUchardet", pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // Built-in plugins (and the support module that wraps their C library)
        .target(
            name: "SluiceTextDecoding", dependencies: ["CUchardet"], path: "Plugins/TextDecoding",
            swiftSettings: swiftSettings),
        .target(
            name: "SluiceTextReader", dependencies: ["SluiceCore", "SluiceTextDecoding"],
            path: "Plugins/TextReader", swiftSettings: swiftSettings),
        .target(
            name: "SluiceUnicodeNormalizer", dependencies: ["SluiceCore"],
            path: "Plugins/UnicodeNormalizer", swiftSettings: swiftSettings),
        .target(
            name: "SluiceWhitespaceNormalizer", dependencies: ["SluiceCore"],
            path: "Plugins/WhitespaceNormalizer", swiftSettings: swiftSettings),
        .target(
            name: "SluiceJSONLSink", dependencies: ["SluiceCore"],
            path: "Plugins/JSONLSink", swiftSettings: swiftSettings),
        .target(
            name: "SluiceHTML", dependencies: ["CLibXML2"],
            path: "Plugins/HTML", swiftSettings: swiftSettings),
        .target(
            name: "SluiceNewsReader", dependencies: ["SluiceCore", "SluiceHTML", "SluiceTextDecoding"],
            path: "Plugins/NewsReader", swiftSettings: swiftSettings),
        .target(
            name: "SluiceMinutesReader", dependencies: ["SluiceCore", "SluiceTextDecoding"],
            path: "Plugins/MinutesReader", swiftSettings: swiftSettings),
        .target(
            name: "SluiceStorageSupport", dependencies: ["SluiceCore"],
            path: "Plugins/StorageSupport", swiftSettings: swiftSettings),
        .target(
            name: "SluiceSQLiteSink",
            dependencies: ["SluiceCore", "SluiceStorageSupport", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Plugins/SQLiteSink", swiftSettings: swiftSettings),
        .target(
            name: "SluicePostgresSink",
            dependencies: [
                "SluiceCore",
                "SluiceStorageSupport",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Plugins/PostgresSink", swiftSettings: swiftSettings),
        .target(
            name: "SluiceDocxDecoder",
            dependencies: ["SluiceCore", "SluiceXML", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Plugins/DocxDecoder", swiftSettings: swiftSettings),
        // A safe XML tree on libxml2 (no network, no DTD, no entities); kept apart from Foundation,
        // whose ICU headers clash with libxml2's.
        .target(
            name: "SluiceXML", dependencies: ["CLibXML2"],
            path: "Plugins/XML", swiftSettings: swiftSettings),
        .target(
            name: "SluiceMarkdownReader", dependencies: ["SluiceCore", "SluiceTextDecoding", .product(name: "Yams", package: "Yams")],
            path: "Plugins/MarkdownReader", swiftSettings: swiftSettings),

        .target(
            name: "SluiceExecPlugins", dependencies: ["SluiceCore"],
            path: "Plugins/Exec", swiftSettings: swiftSettings),
        .target(
            name: "SluiceChunkNormalizer", dependencies: ["SluiceCore"],
            path: "Plugins/ChunkNormalizer", swiftSettings: swiftSettings),
        .target(
            name: "SluiceLanguageNormalizer", dependencies: ["SluiceCore"],
            path: "Plugins/LanguageNormalizer", swiftSettings: swiftSettings),
        .target(
            name: "SluiceFilterNormalizer", dependencies: ["SluiceCore"],
            path: "Plugins/FilterNormalizer", swiftSettings: swiftSettings),
        .target(
            name: "SluiceDedupNormalizer", dependencies: ["SluiceCore", .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift")],
            path: "Plugins/DedupNormalizer", swiftSettings: swiftSettings),

        // Benchmarks (not tests): drives the news reader and libxml2's bare parse over pages.
        .executableTarget(
            name: "sluice-news-bench",
            dependencies: [
                "SluiceNewsReader", "SluiceHTML", "SluiceCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/news/Sources", swiftSettings: swiftSettings),
        .executableTarget(
            name: "sluice-corpus-bench",
            dependencies: [
                "SluiceChunkNormalizer", "SluiceLanguageNormalizer", "SluiceDedupNormalizer", "SluiceCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/corpus/Sources", swiftSettings: swiftSettings),

        // Helpers for this repository's own tests (the checkout, the seed documents, iconv); not a product.
        .target(
            name: "SluiceTestSupport",
            dependencies: ["SluiceCore", "SluiceTesting", "SluiceMinutesReader", "SluiceChunkNormalizer", .product(name: "Logging", package: "swift-log")],
            path: "Tests/SluiceTestSupport", swiftSettings: swiftSettings),

        // Tests
        .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore", "SluiceTesting"]),
        .testTarget(name: "SluiceTextDecodingTests", dependencies: ["SluiceTextDecoding"]),
        .testTarget(name: "SluicePluginTests", dependencies: [
            "SluiceCore", "SluiceTesting", "SluiceTestSupport", "SluiceTextReader", "SluiceUnicodeNormalizer",
            "SluiceWhitespaceNormalizer", "SluiceJSONLSink", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice", "SluiceCore", "SluiceTesting", "SluiceTestSupport"]),
        .testTarget(
            name: "SluiceNewsReaderTests", dependencies: ["SluiceNewsReader", "SluiceHTML", "SluiceCore", "SluiceTesting"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "SluiceMinutesReaderTests",
            dependencies: ["SluiceMinutesReader", "SluiceCore", "SluiceTesting", "SluiceTestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]),
        .testTarget(name: "SluiceSQLiteSinkTests", dependencies: [
            "sluice", "SluiceSQLiteSink", "SluiceStorageSupport", "SluiceCore", "SluiceTesting", "SluiceTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "SluicePostgresSinkTests", dependencies: [
            "sluice", "SluicePostgresSink", "SluiceStorageSupport", "SluiceCore", "SluiceTesting", "SluiceTestSupport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(
            name: "SluiceExecPluginTests", dependencies: ["sluice", "SluiceCore", "SluiceTesting", "SluiceTestSupport", "SluiceExecPlugins"],
            exclude: ["Fixtures"]),
        // Bad input of every kind, through the real `sluice` binary and through each reader.
        .testTarget(
            name: "SluiceHostileInputTests",
            dependencies: [
                "sluice", "SluiceCore", "SluiceBuiltins", "SluiceTesting", "SluiceTestSupport", "SluiceTextDecoding", "SluiceTextReader",
                "SluiceMinutesReader", "SluiceNewsReader", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "SluiceDocumentFormatTests",
            dependencies: [
                "sluice", "SluiceCore", "SluiceTesting", "SluiceTestSupport", "SluiceDocxDecoder", "SluiceMarkdownReader",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"]),
        // Corpus normalizers (chunk, language, filter, dedup) on the real samples.
        .testTarget(
            name: "SluiceCorpusTests",
            dependencies: [
                "sluice", "SluiceChunkNormalizer", "SluiceLanguageNormalizer", "SluiceFilterNormalizer", "SluiceDedupNormalizer", "SluiceCore", "SluiceTesting", "SluiceTestSupport", "SluiceTextReader", "SluiceMinutesReader",
                "SluiceNewsReader", .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)
