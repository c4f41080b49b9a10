import Foundation
import Testing
import XpertTestSupport

/// Issue 18: the daily loop (messages that name the fix).
@Suite struct EverydayTests {
  @Test func aFlagAmongTheKeysAndAnUnquotedValueAreWarnedAboutOnce() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo {prompt} {ok} {safe!q}"
        uid = "o/{_index}"
        prompt = ["a cat", "dog"]
        ok = ["x", "y"]
        safe = "a b"
        [[exp]]
        num_proc = 4
        """, to: "s.toml")
      let listed = try await xpert("list", "s.toml", in: sandbox)
      #expect(listed.status == 0)
      let warnings = listed.stderr.split(separator: "\n").filter { $0.contains("warning:") }
      #expect(
        warnings == [
          "s.toml:7:1: warning: num_proc in exp[1] is a key of the jobs, not a flag, so it changes nothing but the jobs' values",
          "s.toml:1:13: warning: {prompt} puts \"a cat\" into cmd unquoted: the shell splits it at spaces and reads its special characters",
        ], "\(listed.stderr)")
      #expect(listed.stderr.contains("help: write {prompt!q} to pass each value as one argument"))
    }
  }
}
