// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Xpert",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "xpert", targets: ["xpert"]),
    .executable(name: "toml-decoder", targets: ["toml-decoder"]),
    .library(name: "TOML", targets: ["TOML"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // A TOML 1.0 parser that keeps key order and source positions. No dependencies.
    .target(name: "TOML"),
    .executableTarget(name: "toml-decoder", dependencies: ["TOML"]),

    // Pure domain: config model, templates, sweep expansion, job plan. No I/O.
    .target(name: "XpertCore", dependencies: ["TOML"]),
    // Job directories, completion markers, records.
    .target(name: "XpertStore", dependencies: ["XpertCore"]),
    // Console lines, summary, JSON.
    .target(name: "XpertReport", dependencies: ["XpertCore"]),
    // The job keeper: a forked process per job that owns its whole process tree (C, because
    // what runs after fork() in a multithreaded process must be async-signal-safe).
    .target(name: "CXpertKeeper"),
    // The git commit the binary was built from (a C macro set by scripts/install.sh).
    .target(name: "CXpertBuild"),
    // Scheduling, process spawning, signals.
    .target(
      name: "XpertRuntime",
      dependencies: ["XpertCore", "XpertStore", "XpertReport", "CXpertKeeper"]),
    // Slurm: submission as job arrays, the ledger of submissions, status from squeue/sacct.
    .target(
      name: "XpertSlurm",
      dependencies: ["XpertCore", "XpertStore", "XpertReport", "XpertRuntime"]),
    // The command line: the only importer of ArgumentParser.
    .target(
      name: "XpertCLI",
      dependencies: [
        "XpertCore", "XpertStore", "XpertReport", "XpertRuntime", "XpertSlurm", "TOML",
        "CXpertBuild", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "xpert", dependencies: ["XpertCLI"]),

    .target(name: "XpertTestSupport", path: "Tests/XpertTestSupport"),
    .testTarget(
      name: "TOMLTests", dependencies: ["TOML", "XpertTestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "XpertCoreTests", dependencies: ["XpertCore", "TOML", "XpertTestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "XpertEndToEndTests",
      dependencies: ["XpertTestSupport", "XpertCore", "XpertStore", "XpertRuntime"],
      exclude: ["Fixtures"]
    ),
  ]
)
