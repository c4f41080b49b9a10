import Foundation
import Testing

@testable import XpertCore

/// Each `Fixtures/config-errors/NAME.toml` must fail with exactly the message in `NAME.txt`.
/// Set `XPERT_RECORD=1` to write the `.txt` files from the current messages (then review them).
@Suite struct ConfigErrorTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/config-errors")

  static let fixtures: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
  }()

  @Test func thereAreFixtures() {
    #expect(Self.fixtures.count >= 15)
  }

  @Test(arguments: fixtures)
  func configErrorMatchesItsFixture(name: String) throws {
    let toml = try String(
      contentsOf: Self.folder.appendingPathComponent(name + ".toml"), encoding: .utf8)
    let expectedURL = Self.folder.appendingPathComponent(name + ".txt")
    var message: String?
    do {
      let jobs = try plan(toml, files: ["data/a.csv"])
      Issue.record("\(name).toml planned \(jobs.count) jobs instead of failing")
    } catch {
      message = error.description.replacingOccurrences(of: "sweep.toml", with: "\(name).toml")
    }
    guard let message else { return }
    if ProcessInfo.processInfo.environment["XPERT_RECORD"] == "1" {
      try (message + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(message + "\n" == expected)
  }
}
