import Foundation
import Testing
import XpertTestSupport

@Suite struct CommandLineTests {
  @Test func duplicateUidsAreRejectedBeforeAnythingRuns() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "touch ran"
        uid = "runs/lr{lr}"
        [[exp]]
        lr = [0.1, 0.01]
        seed = [1, 2]
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 2)
      #expect(
        result.stderr.contains(
          "s.toml:2:7: error: exp[1]: top-level uid: two jobs have the same uid \"runs/lr0.1\""))
      #expect(
        result.stderr.contains("exp[1] job 1 (lr=0.1, seed=1) and exp[1] job 2 (lr=0.1, seed=2)"))
      #expect(result.stderr.contains("put {seed} in the uid template"))
      #expect(sandbox.tree() == ["s.toml"], "nothing is created on disk")
    }
  }

  @Test(arguments: [
    (
      ["missing.toml"],
      "missing.toml: error: cannot read the config file: No such file or directory"
    ),
    (["run", "s.toml", "-j", "0"], "-j/--num-proc must be at least 1"),
    (["run", "s.toml", "--color", "pink"], "--color"),
    (["run", "s.toml", "--gpus", "1", "--gpu", "2"], "either with --gpus or with --gpu"),
    (["run"], "Missing expected argument"),
    (["bad.toml"], "bad.toml:2:11: error: expected"),
    (["folder"], "folder: error: cannot read the config file: Is a directory"),
    (["run", "s.toml", "--grace", "1e20"], "--grace must be a number of seconds"),
    (["run", "s.toml", "--timeout", "soon"], "--timeout takes a duration"),
    (["huge.toml"], "the sweep has more than 10000000 jobs"),
  ])
  func usageAndConfigErrorsExitTwo(arguments: [String], message: String) async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"touch ran\"\nuid = \"o\"\n", to: "s.toml")
      try sandbox.write("cmd = \"x\"\nuid = \"o\" junk\n", to: "bad.toml")
      try FileManager.default.createDirectory(
        atPath: sandbox.url("folder").path, withIntermediateDirectories: true)
      let axes = (1...40).map { "k\($0) = [1, 2]" }.joined(separator: "\n")
      try sandbox.write("cmd = \"x\"\nuid = \"o\"\n" + axes + "\n", to: "huge.toml")
      let result = try await XpertProcess.run(arguments, in: sandbox.path)
      #expect(result.status == 2)
      #expect(result.stderr.contains(message), "\(result.stderr)")
      #expect(!result.stderr.contains("Fatal error"))
      #expect(!sandbox.exists("o"))
    }
  }

  @Test func helpAndVersion() async throws {
    try await withSandbox { sandbox in
      let version = try await XpertProcess.run(["--version"], in: sandbox.path)
      #expect(
        version.status == 0
          && version.stdout == "0.1.0 (commit unknown: built without scripts/install.sh)\n",
        "a test build does not record its commit; scripts/install.sh does (InstallTests)")
      for arguments in [["--help"], ["run", "--help"], ["list", "--help"], ["status", "--help"]] {
        let help = try await XpertProcess.run(arguments, in: sandbox.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: xpert"), "\(arguments)")
      }
    }
  }

  @Test func listPrintsThePlanWithoutRunningIt() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo {x} {name!q}"
        uid = "o/{x}"
        name = "a b"
        x = [1, 2]
        """, to: "s.toml")
      try FileManager.default.createDirectory(
        atPath: sandbox.url("o/2").path, withIntermediateDirectories: true)
      try sandbox.write("", to: "o/2/completed.flag")
      let result = try await xpert("list", "s.toml", in: sandbox)
      #expect(result.status == 0)
      #expect(
        result.lines == [
          "new        run    o/1  echo 1 'a b'", "completed  skip   o/2  echo 2 'a b'",
        ])
      #expect(!sandbox.exists("o/1"))
      let json = try await xpert("list", "s.toml", "--json", in: sandbox)
      #expect(
        json.lines.first
          == "{\"format\":\"xpert-list\",\"version\":2,\"number\":1,\"group\":1,\"state\":\"new\",\"action\":\"run\",\"uid\":\"o/1\",\"directory\":\"\(sandbox.path)/o/1\",\"command\":\"echo 1 'a b'\",\"values\":{\"name\":\"a b\",\"x\":1}}"
      )
    }
  }

  @Test func colourFollowsTheFlagAndNoColor() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o\"\n", to: "s.toml")
      let always = try await xpert("s.toml", "--color", "always", "--restart", in: sandbox)
      #expect(always.stdout.contains("\u{1B}[32m[SUCCESS]"))
      let auto = try await xpert(
        "s.toml", "--restart", in: sandbox, environment: ["NO_COLOR": ""])
      #expect(!auto.stdout.contains("\u{1B}["), "not a terminal: no colour, even without NO_COLOR")
    }
  }
}

@Suite struct ProgressLineTests {
  @Test func aTerminalGetsALiveProgressLineAndAPipeDoesNot() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"sleep 0.1\"\nuid = \"o/{x}\"\nx = [1, 2]\n", to: "s.toml")
      let xpertPath = BuiltProducts.path(of: "xpert")
      let terminal = try await XpertProcess.run(
        ["-qec", "\(xpertPath) s.toml -j 1", "/dev/null"], in: sandbox.path,
        executable: "/usr/bin/script")
      #expect(terminal.status == 0, "\(terminal.stderr)")
      #expect(terminal.stdout.contains("done 1 · running 1 · failed 0 · left 0 · 00:00:0"))
      #expect(terminal.stdout.contains(" · ETA 00:00:0"))
      #expect(terminal.stdout.contains("\r\u{1B}[KJob is done!"))
      let piped = try await xpert("s.toml", "--restart", in: sandbox)
      #expect(!piped.stdout.contains("running 1 ·") && !piped.stdout.contains("\u{1B}[K"))
    }
  }

  @Test func theETAComesFromEarlierAttemptsBeforeAJobOfThisRunEnds() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"sleep 0.2\"\nuid = \"o/{x}\"\nx = [1, 2]\n", to: "s.toml")
      let xpertPath = BuiltProducts.path(of: "xpert")
      let first = try await XpertProcess.run(
        ["-qec", "\(xpertPath) s.toml -j 1", "/dev/null"], in: sandbox.path,
        executable: "/usr/bin/script")
      // The progress lines drawn before any job of the run ended.
      func early(_ output: String) -> [Substring] {
        output.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).filter {
          $0.contains("done 0 · running 1 · failed 0 · left 1 ·")
        }
      }
      #expect(
        !early(first.stdout).isEmpty && early(first.stdout).allSatisfy { !$0.contains("ETA") })
      let again = try await XpertProcess.run(
        ["-qec", "\(xpertPath) s.toml -j 1 --restart", "/dev/null"], in: sandbox.path,
        executable: "/usr/bin/script")
      #expect(early(again.stdout).contains { $0.contains(" · ETA ") }, "\(again.stdout)")
    }
  }
}

@Suite struct HostileOptionTests {
  @Test(arguments: [
    (["--retries", "9223372036854775807"], "--retries must be from 0 to 1000"),
    (["--lock-timeout", "0.001"], "--lock-timeout must be a number of seconds from 1 to 86400"),
  ])
  func extremeOptionValuesAreUsageErrors(arguments: [String], message: String) async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"touch ran\"\nuid = \"o\"\n", to: "s.toml")
      let result = try await XpertProcess.run(["run", "s.toml"] + arguments, in: sandbox.path)
      #expect(result.status == 2)
      #expect(result.stderr.contains(message), "\(result.stderr)")
      #expect(!sandbox.exists("ran"))
    }
  }
}

@Suite struct BombTests {
  @Test func aTemplateThatDoublesAtEachLevelIsAConfigErrorNotAnAbort() async throws {
    try await withSandbox { sandbox in
      var text = "cmd = \"echo {k0}\"\nuid = \"o\"\n"
      for level in 0..<30 { text += "k\(level) = \"{k\(level + 1)}{k\(level + 1)}\"\n" }
      text += "k30 = \"xx\"\n"
      try sandbox.write(text, to: "s.toml")
      let result = try await xpert("list", "s.toml", in: sandbox)
      #expect(result.status == 2)
      #expect(result.stderr.contains("resolves to more than 1 MiB of text"), "\(result.stderr)")
    }
  }

  @Test func thousandsOfWidePlaceholdersAreAConfigError() async throws {
    try await withSandbox { sandbox in
      let placeholders = String(repeating: "{x:>1000000}", count: 3000)
      try sandbox.write(
        "cmd = \"echo \(placeholders)\"\nuid = \"o\"\nx = \"a\"\n", to: "s.toml")
      let result = try await xpert("list", "s.toml", in: sandbox)
      #expect(result.status == 2)
      #expect(result.stderr.contains("s.toml:1:7: error"), "\(result.stderr)")
      #expect(result.stderr.contains("cmd: the value resolves to more than 1 MiB of text"))
    }
  }

  @Test func aConfigWithoutEndIsRefused() async throws {
    try await withSandbox { sandbox in
      let result = try await xpert("list", "/dev/zero", in: sandbox)
      #expect(result.status == 2)
      #expect(result.stderr.contains("larger than 16 MiB (or has no end)"), "\(result.stderr)")
    }
  }
}
