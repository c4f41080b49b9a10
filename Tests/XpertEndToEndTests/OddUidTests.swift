import Foundation
import Testing
import XpertTestSupport

/// Uids that would write into `/` or above the working directory, uids and commands with
/// control characters, and uids that differ only in Unicode normalisation.
@Suite struct OddUidTests {
  @Test(arguments: [
    "uid = \"/\"",
    "uid = \"{a}/{b}\"\na = \"\"\nb = \"\"",
    "uid = \"" + String(repeating: "../", count: 40) + "\"",
    "uid = \".\"",
    "uid = \"sub/..\"",
  ])
  func aJobDirectoryAtOrAboveTheWorkingDirectoryIsRefused(uid: String) async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"touch ran\"\n" + uid + "\n", to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 2, "\(uid): \(result.stdout)")
      #expect(result.stderr.contains("s.toml:2:7: error: uid: the uid"), "\(result.stderr)")
      #expect(result.stderr.contains("give each job a directory of its own"))
      #expect(sandbox.tree() == ["s.toml"], "nothing was created")
    }
  }

  @Test func controlCharactersAreShownEscapedOnTheConsole() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"true 'one\\ntwo \\u001b[31mred'\"\nuid = \"o/a\\nb\"\n", to: "s.toml")
      let list = try await xpert("list", "s.toml", in: sandbox)
      #expect(list.lines == ["new  run    o/a\\nb  true 'one\\ntwo \\e[31mred'"], "\(list.stdout)")
      let run = try await xpert("s.toml", in: sandbox)
      #expect(!run.stdout.contains("\u{1B}"))
      #expect(run.lines.contains { $0.hasSuffix("[SUCCESS] true 'one\\ntwo \\e[31mred'") })
      #expect(sandbox.exists("o/a\nb/completed.flag"))
    }
  }

  @Test func uidsThatDifferOnlyInUnicodeNormalisationAreTwoDirectories() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo {n}\"\nuid = \"o/{n}\"\nn = [\"\\u00e9\", \"e\\u0301\"]\n", to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.lines.contains("Successfully completed [2/2]"), "\(result.stderr)")
      let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.path + "/o")
      #expect(Set(names.map { Array($0.utf8) }).count == 2)
    }
  }
}
