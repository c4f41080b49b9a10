import Foundation
import Testing
import XpertTestSupport

@testable import XpertStore

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

  @Test func aFailureNamesItsStderrLogAndItsLastLineAndTheRunListsTheFailedJobs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo training; test {i} -le 1 || {{ echo 'Traceback'; echo 'ValueError: bad {i}'; echo; exit 3; }} >&2"
        uid = "o/{i}"
        i = [1, 2, 3]
        """, to: "s.toml")
      let result = try await xpert("s.toml", "-j", "1", in: sandbox)
      #expect(result.status == 1)
      let log2 = try #require(logs(in: "o/2", of: sandbox).first { $0.hasPrefix("stderr") })
      let log3 = try #require(logs(in: "o/3", of: sandbox).first { $0.hasPrefix("stderr") })
      #expect(
        result.lines.contains("  stderr: o/2/\(log2): \"ValueError: bad 2\""), "\(result.stdout)")
      let end = Array(result.lines.suffix(3))
      #expect(
        end == [
          "Failed jobs:", "  o/2: exit status 3, o/2/\(log2)", "  o/3: exit status 3, o/3/\(log3)",
        ], "\(result.stdout)")
    }
  }

  @Test func theListOfFailedJobsStopsAtTwenty() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"exit 1\"\nuid = \"o/{i}\"\ni = { type = \"range\", start = 0, stop = 23 }\n",
        to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      let listed = result.lines.drop { $0 != "Failed jobs:" }
      #expect(listed.count == 1 + 20 + 1)
      #expect(
        listed.last == "  and 3 more (xpert status \(sandbox.path)/s.toml --jobs lists every job)",
        "\(result.stdout)")
      #expect(
        result.lines.contains(
          "  stderr: o/0/" + (logs(in: "o/0", of: sandbox).first { $0.hasPrefix("stderr") } ?? "")
            + " (empty)"))
    }
  }

  @Test func pythonJobsWriteAsTheyGoUnlessTheUserSaidOtherwise() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo unbuffered=$PYTHONUNBUFFERED\"\nuid = \"o/{i}\"\ni = [1]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      #expect(stdoutLog("o/1", of: sandbox) == "unbuffered=1\n")
      _ = try await xpert(
        "s.toml", "--restart", in: sandbox, environment: ["PYTHONUNBUFFERED": ""])
      #expect(stdoutLog("o/1", of: sandbox) == "unbuffered=\n", "the user's value is kept")
    }
  }

  @Test func logsOfAttemptsInOneSecondSortInAttemptOrder() async throws {
    try await withSandbox { folder in
      let directory = JobDirectory(path: folder.path)
      let names = try (0..<12).map { _ in
        let logs = try directory.openLogs(seconds: 1_796_539_191)
        logs.close()
        return logs.stdoutName
      }
      #expect(names.sorted() == names, "\(names)")
      #expect(names[0] == "stdout.1796539191.log" && names[1] == "stdout.1796539191_0001.log")
      #expect(MetricsReader.latestLogs(among: names + ["stdout.1796539190.9.log"]) == [names[11]])
    }
  }
}
