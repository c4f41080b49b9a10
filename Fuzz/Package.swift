// swift-tools-version: 6.1
// The libFuzzer target for the TOML parser. A separate package, so that a plain `swift build` of
// the main package never sees it. Build and run with `Fuzz/run.sh` (see docs/toml.md, Fuzzing).
import PackageDescription

let package = Package(
  name: "TOMLFuzz",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "Xpert", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "TOMLFuzz",
      dependencies: [.product(name: "TOML", package: "Xpert")]
    )
  ]
)
