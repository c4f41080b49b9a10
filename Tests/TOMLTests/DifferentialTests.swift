import Foundation
import TOML
import Testing
import XpertTestSupport

/// Random valid documents, parsed by `TOMLParser` and by Python's `tomllib`: the two must agree
/// on every value, type and key order.
///
/// `TOML_DIFF_SEED` (decimal or 0x-hex) and `TOML_DIFF_COUNT` replace the fixed seed and the
/// number of documents, to explore more of the space: `TOML_DIFF_COUNT=100000 swift test
/// --filter DifferentialTests`.
@Suite struct DifferentialTests {
  static let baseSeed: UInt64 = {
    guard let text = ProcessInfo.processInfo.environment["TOML_DIFF_SEED"] else {
      return 0x70AA_5EED_2026
    }
    return text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16)! : UInt64(text)!
  }()
  static let documentCount =
    ProcessInfo.processInfo.environment["TOML_DIFF_COUNT"]
    .flatMap { Int($0) } ?? 500

  /// Constructs every run must contain, so that the generator cannot quietly shrink.
  static let requiredFeatures: Set<String> = [
    "newline.crlf", "document.no-final-newline", "comment", "table.header", "table.implicit",
    "table.children-first", "aot.header", "aot.inline", "key.dotted", "key.basic", "key.literal",
    "key.canonically-equivalent", "key.canonically-equivalent-pair",
    "inline-table", "inline-table.dotted", "array.nested", "array.multiline",
    "array.trailing-comma", "string.basic", "string.mlbasic", "string.literal", "string.mlliteral",
    "string.line-ending-backslash", "escape.u", "escape.U", "integer.0x", "integer.0o",
    "integer.0b", "number.underscore", "float.exponent", "float.special", "float.edge", "date",
    "time",
    "datetime.offset",
  ]

  /// The seed of document `index`: each document can be regenerated on its own.
  static func seed(_ index: Int) -> UInt64 {
    var mixer = SplitMix64(seed: baseSeed &+ UInt64(index))
    return mixer.next()  // not a plain offset: SplitMix64 streams a step apart would overlap
  }

  @Test func generatorIsDeterministicAndCoversEveryConstruct() {
    var features: Set<String> = []
    for index in 0..<Self.documentCount {
      var generator = DifferentialGenerator(seed: Self.seed(index))
      var again = DifferentialGenerator(seed: Self.seed(index))
      #expect(generator.document() == again.document(), "seed \(Self.seed(index))")
      features.formUnion(generator.features)
    }
    #expect(Self.requiredFeatures.subtracting(features).isEmpty)
  }

  @Test(.enabled(if: DifferentialOracle.isAvailable, "python3 with tomllib (3.11+) not found"))
  func parserAgreesWithTomllib() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("toml-differential-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    var documents: [String] = []
    var names: [String] = []
    for index in 0..<Self.documentCount {
      var generator = DifferentialGenerator(seed: Self.seed(index))
      let document = generator.document()
      let name = String(format: "%06d", index)
      try Data(document.utf8).write(to: folder.appendingPathComponent(name + ".toml"))
      documents.append(document)
      names.append(name)
    }
    let verdicts = try DifferentialOracle.verdicts(in: folder, names: names)

    var failures = 0
    for (index, (document, verdict)) in zip(documents, verdicts).enumerated() {
      guard let problem = Self.problem(document: document, verdict: verdict) else { continue }
      failures += 1
      let seed = String(Self.seed(index), radix: 16)
      Issue.record(
        """
        document \(index) (seed 0x\(seed); TOML_DIFF_SEED=0x\(String(Self.baseSeed, radix: 16))):
        \(problem)
        --- document:
        \(document)
        --- end of document
        """)
      if failures == 5 { break }
    }
  }

  /// What is wrong with one document's outcome, or `nil`.
  static func problem(document: String, verdict: DifferentialOracle.Verdict) -> String? {
    let expected: DifferentialJSON
    let expectedText: String
    switch verdict {
    case .rejected(let message):
      return "tomllib rejected a generated document (a generator bug): \(message)"
    case .json(let text):
      expectedText = text
      do {
        expected = try DifferentialJSON.parse(text)
      } catch {
        return "tomllib_dump.py wrote invalid JSON: \(error)"
      }
    }
    let actualText: String
    do {
      actualText = TOMLTaggedJSON.encode(try TOMLParser.parse(Array(document.utf8)))
    } catch {
      return "TOMLParser rejected it, tomllib did not:\n\(error)\n--- tomllib:\n\(expectedText)"
    }
    let both = "--- tomllib:\n\(expectedText)\n--- TOMLParser:\n\(actualText)"
    do {
      let actual = try DifferentialJSON.parse(actualText)
      guard let difference = DifferentialCompare.difference(expected, actual) else { return nil }
      return "the results differ at \(difference)\n\(both)"
    } catch {
      return "TOMLTaggedJSON.encode wrote invalid JSON: \(error)\n\(both)"
    }
  }
}
