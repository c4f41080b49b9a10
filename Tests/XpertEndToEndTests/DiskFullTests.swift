import Foundation
import Testing
import XpertTestSupport

/// A disk that fills up while a job runs: the console and `status` say what happened.
@Suite(.enabled(if: namespacesAvailable, "needs root and unshare(1)"))
struct DiskFullTests {
  @Test func aJobThatFillsTheDiskIsReportedTruthfully() async throws {
    try await withSandbox { sandbox in
      // A 1 MiB file system of its own (in a private mount namespace), which the job fills.
      try sandbox.write(
        """
        cmd = "head -c 4000000 /dev/zero > fill 2>/dev/null; exit 0"
        uid = "o"
        """, to: "disk-config.toml")
      let xpert = BuiltProducts.path(of: "xpert")
      let script = """
        mkdir -p disk && mount -t tmpfs -o size=1m tmpfs disk && cd disk \
        && cp ../disk-config.toml s.toml \
        && '\(xpert)' s.toml > ../run.txt 2>&1; echo $? > ../status-code.txt; \
        '\(xpert)' status s.toml --jobs > ../status.txt 2>&1
        """
      let result = try await XpertProcess.run(
        ["--mount", "sh", "-c", script], in: sandbox.path, executable: "/usr/bin/unshare")
      #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
      let run = try sandbox.read("run.txt")
      #expect(
        run.contains(
          "[FAILED] head -c 4000000 /dev/zero > fill 2>/dev/null; exit 0 (it exited 0, but its "
            + "completed.flag could not be written (No space left on device), so it is not "
            + "marked complete)"), "\(run)")
      #expect(
        run.contains(
          "warning: the record of o could not be written (No space left on device): it ended "
            + "failed (exit status 0), but `xpert status` will show it interrupted"), "\(run)")
      #expect(run.contains("Failed [1/1]"))
      #expect(try sandbox.read("status-code.txt") == "1\n")
      #expect(try sandbox.read("status.txt").contains("interrupted"))
    }
  }

  @Test func aJobThatCannotBeRecordedNeverStarts() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "{body}"
        uid = "o/{i}"
        [[exp]]
        i = [1]
        body = "head -c 4000000 /dev/zero > fill 2>/dev/null; exit 0"
        [[exp]]
        i = [2]
        body = "touch ../ran-2"
        """, to: "disk-config.toml")
      let xpert = BuiltProducts.path(of: "xpert")
      let script = """
        mkdir -p disk && mount -t tmpfs -o size=1m tmpfs disk && cd disk \
        && cp ../disk-config.toml s.toml && '\(xpert)' s.toml -j 1 > ../run.txt 2>&1
        """
      _ = try await XpertProcess.run(
        ["--mount", "sh", "-c", script], in: sandbox.path, executable: "/usr/bin/unshare")
      let run = try sandbox.read("run.txt")
      #expect(run.contains("[FAILED] touch ../ran-2 (could not start: "), "\(run)")
      #expect(run.contains("No space left on device"))
      #expect(!sandbox.exists("ran-2"), "a job whose start could not be recorded ran")
    }
  }
}
