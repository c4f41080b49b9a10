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

  @Test func logsShowsTheLatestAttemptByTheRecordAndFollowsARunningJob() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo attempt $XPERT_ATTEMPT; echo oops >&2; test -f go || exit 1; echo step 1; while [ ! -f release ]; do sleep 0.02; done; echo step 2"
        uid = "o/{i}"
        i = [1, 2]
        """, to: "s.toml")
      // Two attempts in one second: the latest is the second, whatever the names.
      _ = try await xpert("s.toml", "--uid", "o/1", "--retries", "1", in: sandbox)
      let latest = try await xpert("logs", "s.toml", "--uid", "o/1", in: sandbox)
      #expect(latest.stdout == "attempt 2\n", "\(latest.stdout)")
      let first = try await xpert("logs", "s.toml", "--uid", "o/1", "--attempt", "1", in: sandbox)
      #expect(first.stdout == "attempt 1\n")
      let errors = try await xpert("logs", "s.toml", "--only", "i=1", "--stderr", in: sandbox)
      #expect(errors.stdout == "oops\n")
      let which = try await xpert("logs", "s.toml", in: sandbox)
      #expect(which.status == 2 && which.stderr.contains("the sweep has 2 jobs"))
      let none = try await xpert("logs", "s.toml", "--uid", "o/2", in: sandbox)
      #expect(none.status == 1 && none.stderr.contains("o/2: no attempt yet"))
      // -f waits for the job to start, follows it, and ends when it ends.
      try sandbox.write("", to: "go")
      let follow = try XpertProcess(["logs", "s.toml", "--uid", "o/2", "-f"], in: sandbox.path)
      let run = try XpertProcess(["s.toml", "--uid", "o/2"], in: sandbox.path)
      try await waitUntil("the follower shows the first step") {
        follow.stdoutSoFar.contains("step 1")
      }
      #expect(!follow.stdoutSoFar.contains("step 2"))
      try sandbox.write("", to: "release")
      let followed = try await follow.finish()
      _ = try await run.finish()
      #expect(followed.status == 0)
      #expect(followed.stdout == "attempt 1\nstep 1\nstep 2\n", "\(followed.stdout)")
      let tail = try await xpert("logs", "s.toml", "--uid", "o/*", "-n", "1", in: sandbox)
      #expect(
        tail.lines.filter { !$0.hasPrefix("==>") } == ["attempt 2", "step 2"], "\(tail.stdout)")
    }
  }

  @Test func aSelectionOfNothingListsTheValuesAndStatusShowsWhatARunningJobDoes() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo epoch 1 loss=0.{lr}; echo epoch 2 loss=0.0{lr}; while [ ! -f release ]; do sleep 0.02; done"
        uid = "o/{lr}"
        lr = [1, 2]
        """, to: "s.toml")
      let none = try await xpert("list", "s.toml", "--only", "lr=3", in: sandbox)
      #expect(none.status == 2)
      #expect(
        none.stderr.contains("select none of the 2 jobs; their values: lr is 1, 2"),
        "\(none.stderr)")
      #expect(!none.stderr.contains("Usage:"), "nothing matched: no usage text")
      let noUid = try await xpert("list", "s.toml", "--uid", "runs/nope", in: sandbox)
      #expect(noUid.stderr.contains("their uids are like o/1, o/2"), "\(noUid.stderr)")
      let run = try XpertProcess(["s.toml"], in: sandbox.path)
      try await waitUntil("both jobs logged two epochs") {
        ["o/1", "o/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("epoch 2") }
      }
      let status = try await xpert("status", "s.toml", "--jobs", in: sandbox)
      let rows = status.lines.filter { $0.hasPrefix("o/") }
      #expect(rows.count == 2)
      for (row, lr) in zip(rows, [1, 2]) {
        #expect(row.contains("running ") && row.hasSuffix("epoch 2 loss=0.0\(lr)"), "\(row)")
      }
      try sandbox.write("", to: "release")
      _ = try await run.finish()
    }
  }

  @Test func aMisspeltCommandAndHelpForNoCommandAreUsageErrors() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o\"\n", to: "s.toml")
      let stats = try await xpert("stats", "s.toml", in: sandbox)
      #expect(stats.status == 2)
      #expect(
        stats.stderr.contains("unknown command \"stats\"; did you mean status?"), "\(stats.stderr)")
      let stat = try await xpert("stat", in: sandbox)
      #expect(stat.status == 2 && stat.stderr.contains("did you mean status?"), "\(stat.stderr)")
      let nothing = try await xpert("results", "s.toml", in: sandbox)
      #expect(nothing.stderr.contains("note: no metrics found"), "\(nothing.stderr)")
      let help = try await xpert("help", "foo", in: sandbox)
      #expect(help.status == 2 && help.stderr.contains("unknown command \"foo\"."))
      let dry = try await xpert("run", "s.toml", "--dry-run", in: sandbox)
      #expect(dry.status == 2 && dry.stderr.contains("run `xpert list CONFIG`"))
      #expect(!sandbox.exists("o"), "nothing ran")
    }
  }

  @Test func aSweepRunFromTheWrongDirectoryIsNoticedAndNotStartedAnew() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo {i}\"\nuid = \"runs/{i}\"\ni = [1, 2]\n", to: "proj/s.toml")
      let first = try await XpertProcess.run(["s.toml"], in: sandbox.path + "/proj")
      #expect(first.status == 0)
      let status = try await xpert("status", "proj/s.toml", in: sandbox)
      #expect(
        status.stderr.contains("in the config's directory \(sandbox.path)/proj"), "\(status.stderr)"
      )
      let run = try await xpert("run", "proj/s.toml", in: sandbox)
      #expect(run.status == 2 && run.stderr.contains("run again with --here"))
      #expect(!sandbox.exists("runs"), "nothing started here")
      let here = try await xpert("run", "proj/s.toml", "--here", in: sandbox)
      #expect(here.status == 0 && sandbox.exists("runs/1"))
    }
  }

  @Test func hooksRunAtTheEndAndAtTheFirstFailureAndTheirFailureIsOnlyAWarning() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "test {i} -ne 2"
        uid = "o/{i}"
        i = [1, 2, 3]
        [flags]
        on_finish = "echo $XPERT_EVENT $XPERT_SUCCEEDED/$XPERT_TOTAL failed=$XPERT_FAILED status=$XPERT_STATUS config=$XPERT_CONFIG > finish.txt"
        on_failure = "echo $XPERT_EVENT $XPERT_FAILED_UID > failure.txt; echo no mail server >&2; exit 3"
        """, to: "s.toml")
      let result = try await xpert("s.toml", "-j", "1", in: sandbox)
      #expect(result.status == 1, "the hook's failure does not change the run's status")
      #expect(
        try sandbox.read("finish.txt")
          == "finish 2/3 failed=1 status=1 config=\(sandbox.path)/s.toml\n")
      #expect(try sandbox.read("failure.txt") == "failure o/2\n")
      #expect(
        result.lines.contains {
          $0.hasPrefix("warning: on_failure (")
            && $0.hasSuffix("exited with status 3: no mail server")
        }, "\(result.stdout)")
      let overridden = try await xpert(
        "s.toml", "--restart", "--on-finish", "echo cli > finish.txt", in: sandbox)
      #expect(overridden.status == 1)
      #expect(try sandbox.read("finish.txt") == "cli\n")
    }
  }

  @Test func theJSONOfListStatusAndResultsSharesOneShapeWithTypedValues() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc: 0.{seed}"
        uid = "o/{lr}/{seed}/{tag}"
        lr = [0.1, 1e-3]
        seed = [1, 2]
        tag = ["7"]
        big = true
        """, to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      func object(_ text: some StringProtocol) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
      }
      let list = try await xpert("list", "s.toml", "--json", in: sandbox)
      let first = try object(list.lines[0])
      #expect(first["format"] as? String == "xpert-list" && first["version"] as? Int == 2)
      #expect(first["state"] as? String == "completed")
      let values = first["values"] as! [String: Any]
      #expect(values["lr"] as? Double == 0.1 && values["seed"] as? Int == 1)
      #expect(values["tag"] as? String == "7" && values["big"] as? Bool == true)
      let status = try object(
        try await xpert("status", "s.toml", "--jobs", "--json", in: sandbox).stdout)
      #expect(status["format"] as? String == "xpert-status" && status["job_count"] as? Int == 4)
      let jobs = status["jobs"] as! [[String: Any]]
      #expect(jobs.count == 4 && jobs[0]["state"] as? String == "completed")
      let duration = try #require(jobs[0]["duration"] as? Double)
      #expect((duration * 1000).rounded() == duration * 1000, "milliseconds")
      let results = try object(
        try await xpert("results", "s.toml", "--format", "json", in: sandbox).stdout)
      #expect(results["format"] as? String == "xpert-results" && results["version"] as? Int == 2)
      let rows = results["rows"] as! [[String: Any]]
      #expect((rows[1]["values"] as! [String: Any])["lr"] as? Double == 0.001)
      #expect((results["constants"] as! [String: Any])["big"] as? Bool == true)
    }
  }

  @Test func listAndStatusColourTheStatesWhenAsked() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"test {i} = 1\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let list = try await xpert("list", "s.toml", "--color", "always", in: sandbox)
      #expect(list.lines[0].hasPrefix("\u{1B}[32mcompleted\u{1B}[0m  skip"), "\(list.stdout)")
      #expect(list.lines[1].hasPrefix("\u{1B}[31mfailed\u{1B}[0m     rerun"))
      let status = try await xpert("status", "s.toml", "--jobs", "--color", "always", in: sandbox)
      #expect(
        status.lines.contains { $0.hasPrefix("o/2  \u{1B}[31mfailed\u{1B}[0m") }, "\(status.stdout)"
      )
      let plain = try await xpert("list", "s.toml", in: sandbox)
      #expect(!plain.stdout.contains("\u{1B}["), "not a terminal: no colour")
    }
  }

  @Test func completionOffersTomlFilesAndTheConfigsKeysAndValues() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"x\"\nuid = \"o/{lr}\"\nlr = [0.1, 0.01]\nseed = 1\n", to: "s.toml")
      for shell in ["bash", "zsh", "fish"] {
        let script = try await xpert("--generate-completion-script", shell, in: sandbox)
        #expect(script.status == 0 && script.stdout.contains("toml"), "\(shell)")
      }
      let keys = try await xpert(
        "---completion", "list", "--", "--only", "4", "0", "xpert", "list", "s.toml", "--only", "",
        in: sandbox)
      #expect(keys.lines == ["lr=", "seed="], "\(keys.stdout) \(keys.stderr)")
      let values = try await xpert(
        "---completion", "list", "--", "--only", "4", "3", "xpert", "list", "s.toml", "--only",
        "lr=", in: sandbox)
      #expect(values.lines == ["lr=0.1", "lr=0.01"])
    }
  }

  @Test func followingARetriedJobShowsTheEndOfTheFailedAttemptAndTheRetry() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo waiting $XPERT_ATTEMPT; while [ ! -f go ]; do sleep 0.02; done; echo attempt $XPERT_ATTEMPT; test $XPERT_ATTEMPT -ge 2 || {{ echo 'ValueError: last words'; exit 1; }}"
        uid = "o"
        [flags]
        retries = 1
        """, to: "s.toml")
      let run = try XpertProcess(["s.toml"], in: sandbox.path)
      let follow = try XpertProcess(["logs", "s.toml", "-f"], in: sandbox.path)
      // The follower is on the first attempt (however late it started) before it goes on.
      try await waitUntil("the follower shows the first attempt") {
        follow.stdoutSoFar.contains("waiting 1")
      }
      try sandbox.write("", to: "go")
      _ = try await run.finish()
      let followed = try await follow.finish()
      #expect(
        followed.stdout.contains("waiting 1\nattempt 1\nValueError: last words\n"),
        "\(followed.stdout)")
      #expect(
        followed.stdout.contains("(attempt 2) <==\nwaiting 2\nattempt 2\n"), "\(followed.stdout)")
    }
  }

  @Test func aProcFileIsReadToItsEndThoughItSaysItIsEmpty() throws {
    // /proc's files report size 0 and give their text in short reads; the Swift runtime check
    // of a Slurm submission reads /proc/self/maps. Its stack mapping is near the end.
    let maps = String(decoding: try FileSystem.readFile("/proc/self/maps"), as: UTF8.self)
    #expect(maps.contains("[stack]") && maps.hasSuffix("\n"), "\(maps.suffix(200))")
  }
}
