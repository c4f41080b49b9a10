import Foundation
import Testing
import XpertTestSupport

@Suite struct TimeLimitTests {
  @Test func aTimeLimitStopsTheJobAndItsGrandchildren() async throws {
    try await withSandbox { sandbox in
      let mark = UUID().uuidString
      try sandbox.write(
        """
        cmd = "sh -c 'sleep 300' & sleep 300"
        uid = "slow"
        timeout = "1s"
        """, to: "s.toml")
      // xpert() gives up after 120 s, well below the job's 300 s: a run that waits fails here.
      let result = try await xpert(
        "s.toml", "--grace", "0.5", in: sandbox, environment: ["XPERT_TEST_MARK": mark])
      #expect(result.status == 1)
      #expect(result.lines.contains { $0.contains("[TIMEOUT]") && $0.contains("1 s") })
      #expect(result.lines.contains("Timed out [1/1] (counted as failed)"))
      #expect(try sandbox.read("slow/xpert-record.json").contains("\"status\": \"timed-out\""))
      #expect(!sandbox.exists("slow/completed.flag"))
      try await waitUntil("no job process is left", timeout: .seconds(5)) {
        ProcessTable.pids(withEnvironment: "XPERT_TEST_MARK", value: mark).isEmpty
      }
    }
  }

  @Test func retriesRunAFailedJobAgainWithItsAttemptNumber() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo attempt $XPERT_ATTEMPT; test $XPERT_ATTEMPT -ge 2"
        uid = "flaky"

        [flags]
        retries = 2
        """, to: "s.toml")
      let result = try await xpert("s.toml", in: sandbox)
      #expect(result.status == 0)
      #expect(result.lines.filter { $0.contains("[RUN]") }.count == 2)
      #expect(result.lines.contains { $0.contains("[RETRY]") && $0.contains("attempt 2 of 3") })
      #expect(result.lines.contains("Successfully completed [1/1]"))
      let outputs = try logs(in: "flaky", of: sandbox).filter { $0.hasPrefix("stdout") }
        .map { try sandbox.read("flaky/" + $0) }.sorted()
      #expect(outputs == ["attempt 1\n", "attempt 2\n"])
    }
  }

  @Test func failFastStartsNothingAfterTheFirstFailure() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo {x} >> ran.txt; test {x} != 2\"\nuid = \"o/{x}\"\nx = [1, 2, 3, 4]\n",
        to: "s.toml")
      let result = try await xpert("s.toml", "-j", "1", "--fail-fast", in: sandbox)
      #expect(result.status == 1)
      #expect(try sandbox.read("ran.txt") == "1\n2\n")
      #expect(result.lines.contains("Not started [2/4]"))
    }
  }

  @Test func failFastNowStopsTheRunningJobs() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "test {x} = fail && exit 3; sleep 300"
        uid = "o/{x}"
        x = ["slow", "fail"]
        """, to: "s.toml")
      // xpert() gives up after 120 s, well below the slow job's 300 s.
      let result = try await xpert("s.toml", "-j", "2", "--fail-fast=now", in: sandbox)
      #expect(result.status == 1)
      #expect(result.lines.contains("Failed [1/2]"))
      #expect(result.lines.contains("Interrupted [1/2]"))
    }
  }
}
