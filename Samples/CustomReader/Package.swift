// swift-tools-version:6.1
//
// An example third-party reader: a SubRip subtitle (`.srt`) reader in its own module, registered
// next to the built-ins and run through the same `sluice` command line. Build and try it:
//
//   swift run sluice-subtitles ingest examples --jsonl -
import PackageDescription

let package = Package(
    name: "CustomReader",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SubtitleReader", targets: ["SubtitleReader"]),
        .executable(name: "sluice-subtitles", targets: ["sluice-subtitles"]),
    ],
    dependencies: [
        // In your own package: .package(url: "https://github.com/OWNER/sluice", from: "0.1.0").
        // No traits: this reader needs no PostgreSQL, so postgres-nio stays out of the build.
        .package(name: "Sluice", path: "../..", traits: []),
    ],
    targets: [
        .target(name: "SubtitleReader", dependencies: [.product(name: "SluiceCore", package: "Sluice")]),
        .executableTarget(
            name: "sluice-subtitles",
            dependencies: [
                "SubtitleReader",
                .product(name: "SluiceCommandLine", package: "Sluice"),
                .product(name: "SluiceBuiltins", package: "Sluice"),
            ]),
        .testTarget(
            name: "SubtitleReaderTests",
            dependencies: [
                "SubtitleReader", .product(name: "SluiceTesting", package: "Sluice"),
                .product(name: "SluiceSQLiteSink", package: "Sluice"),
            ]),
    ]
)
