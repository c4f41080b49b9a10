import Foundation
import TOML
import Testing

/// Every input in `Fixtures/fuzz/` goes through the parser without crashing, hanging or
/// overflowing the stack: it parses, or it throws a `TOMLError`; a parsed result encodes to valid
/// tagged JSON. The file name says what else is expected:
///
/// - `reject-*`: the input is invalid TOML and must be rejected;
/// - `accept-*`: the input is valid TOML and must parse;
/// - anything else (`crash-*`, `timeout-*`, `oom-*` from `Fuzz/run.sh`, and hand-written `deep-*`
///   inputs whose validity is a parser's choice): either outcome, as long as nothing crashes.
@Suite struct FuzzRegressionTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fuzz")

  static let names: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    .filter { !$0.hasPrefix(".") }.sorted()

  @Test func fixturesArePresent() {
    #expect(Self.names.count >= 40, "expected the fuzz regression inputs in \(Self.folder.path)")
    #expect(Self.names.contains { $0.hasPrefix("reject-") })
    #expect(Self.names.contains { $0.hasPrefix("accept-") })
  }

  @Test(arguments: names)
  func inputDoesNotCrash(name: String) throws {
    let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
    let clock = ContinuousClock()
    let start = clock.now
    let outcome: Result<TOMLTable, TOMLError> = Result { () throws(TOMLError) in
      try TOMLParser.parse(bytes)
    }
    let elapsed = clock.now - start
    // A generous bound for a debug build: catches quadratic behaviour, not jitter.
    #expect(elapsed < .seconds(10), "parsing \(name) (\(bytes.count) bytes) took \(elapsed)")
    switch outcome {
    case .success(let table):
      #expect(!name.hasPrefix("reject-"), "\(name) is invalid TOML but parsed")
      let json = TOMLTaggedJSON.encode(table)
      #expect(throws: Never.self, "tagged JSON of \(name) is not JSON") {
        try DifferentialJSON.parse(json)
      }
    case .failure(let error):
      #expect(!name.hasPrefix("accept-"), "\(name) is valid TOML but was rejected: \(error)")
      #expect(!error.message.isEmpty)
      #expect(error.position.line >= 1 && error.position.column >= 1)
      _ = error.rendered(path: name)
    }
  }
}
