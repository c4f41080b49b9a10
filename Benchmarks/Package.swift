// swift-tools-version: 6.1
// The TOML parser's benchmark: `toml-bench FILE...`, run by `Benchmarks/toml-bench.sh` (see
// docs/toml.md, Performance). A separate package, so that the main package never builds it.
import PackageDescription

let package = Package(
  name: "TOMLBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "Xpert", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "toml-bench",
      dependencies: [.product(name: "TOML", package: "Xpert")]
    )
  ]
)
