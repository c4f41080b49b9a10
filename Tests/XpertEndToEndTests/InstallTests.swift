import Foundation
import Testing
import XpertTestSupport

/// `scripts/install.sh`: a self-contained xpert on a prefix, with completions and a man page,
/// and `--uninstall`. It builds a static release binary (minutes), so it runs where asked:
/// `.ci/run` sets `XPERT_TEST_INSTALL=1`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["XPERT_TEST_INSTALL"] == "1"))
struct InstallTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  @Test(.timeLimit(.minutes(30)))
  func theInstalledXpertIsSelfContainedCompletesRunsOnSlurmAndUninstallsCleanly() async throws {
    try await withSandbox { sandbox in
      let prefix = sandbox.path + "/tools"
      try sandbox.write("mine\n", to: "tools/bin/other")
      let before = try FileManager.default.subpathsOfDirectory(atPath: prefix).sorted()
      let install = try await XpertProcess.run(
        [prefix], in: Self.repository, executable: Self.repository + "/scripts/install.sh",
        timeout: .seconds(1500))
      #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
      let xpert = prefix + "/bin/xpert"
      // Only the system's libraries: no libswift*, no Foundation.
      let ldd = try await XpertProcess.run([xpert], in: sandbox.path, executable: "/usr/bin/ldd")
      #expect(ldd.status == 0)
      #expect(
        !ldd.stdout.contains("libswift") && !ldd.stdout.contains("Foundation"), "\(ldd.stdout)")
      let version = try await XpertProcess.run(
        ["-i", xpert, "--version"], in: sandbox.path, executable: "/usr/bin/env")
      #expect(version.status == 0)
      #expect(
        version.stdout.hasPrefix("0.") && version.stdout.contains("(commit "), "\(version.stdout)")
      #expect(!version.stdout.contains("unknown"))
      for file in [
        "share/man/man1/xpert.1", "share/bash-completion/completions/xpert",
        "share/zsh/site-functions/_xpert", "share/fish/vendor_completions.d/xpert.fish",
      ] {
        #expect(sandbox.exists("tools/" + file), "\(file)")
      }
      // The bash completion completes a config file name.
      try sandbox.write("cmd = \"echo hi\"\nuid = \"o\"\n", to: "work/sweep.toml")
      let completion = try await XpertProcess.run(
        [
          "-c",
          "source '\(prefix)/share/bash-completion/completions/xpert'; cd work; "
            + "COMP_WORDS=(xpert list sw); COMP_CWORD=2; COMP_LINE='xpert list sw'; "
            + "COMP_POINT=${#COMP_LINE}; _xpert; printf '%s\\n' \"${COMPREPLY[@]}\"",
        ], in: sandbox.path, environment: ["PATH": prefix + "/bin:/usr/bin:/bin"],
        executable: "/bin/bash")
      #expect(completion.lines.contains("sweep.toml"), "\(completion.stdout)\(completion.stderr)")
      // Slurm runs its tasks with the installed binary (no Swift needed on the node).
      if SlurmCluster.isUp {
        var environment = SlurmCluster.environment
        environment["PATH"] = prefix + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let run = try await XpertProcess.run(
          ["run", "sweep.toml", "--backend", "slurm", "--wait", "--poll-interval", "0.2"],
          in: sandbox.path + "/work", environment: environment, executable: xpert,
          timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.lines.contains("Successfully completed [1/1]"))
        #expect(
          !run.stderr.contains("loads the Swift runtime"), "a static binary is not warned about")
      }
      let uninstall = try await XpertProcess.run(
        ["--uninstall", prefix], in: Self.repository,
        executable: Self.repository + "/scripts/install.sh")
      #expect(uninstall.status == 0, "\(uninstall.stderr)")
      #expect(try FileManager.default.subpathsOfDirectory(atPath: prefix).sorted() == before)
    }
  }
}

/// A Slurm submission by an xpert that needs a toolchain's Swift runtime says so once (the
/// tests' debug build is one).
@Suite struct SwiftRuntimeWarningTests {
  @Test func aSubmissionWithAToolchainRuntimeNamesTheInstallScript() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      let dry = try await xpert("run", "s.toml", "--backend", "slurm", "--dry-run", in: sandbox)
      let warnings = dry.stderr.split(separator: "\n").filter {
        $0.contains("loads the Swift runtime from") && $0.contains("scripts/install.sh")
      }
      #expect(warnings.count == 1, "\(dry.stderr)")
      let local = try await xpert("list", "s.toml", in: sandbox)
      #expect(!local.stderr.contains("Swift runtime"), "only Slurm submissions are warned")
    }
  }
}

/// What `scripts/install.sh` does without building.
@Suite struct InstallScriptTests {
  @Test func uninstallingFromAPrefixWithoutAnInstallChangesNothing() async throws {
    try await withSandbox { sandbox in
      let script = InstallTests.repository + "/scripts/install.sh"
      let missing = try await XpertProcess.run(
        ["--uninstall", sandbox.path + "/nope"], in: sandbox.path, executable: script)
      #expect(missing.status == 1 && missing.stderr.contains("does not exist"))
      #expect(!sandbox.exists("nope"), "a mistyped prefix is not created")
      try sandbox.write("mine\n", to: "tools/bin/other")
      let foreign = try await XpertProcess.run(
        ["--uninstall", sandbox.path + "/tools"], in: sandbox.path, executable: script)
      #expect(foreign.status == 1 && foreign.stderr.contains("was not installed"))
      #expect(try sandbox.read("tools/bin/other") == "mine\n")
    }
  }
}
