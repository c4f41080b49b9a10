import Foundation
import Testing
import XpertTestSupport

/// `xpert results`: every job's metrics in one table, from the files the jobs already write.
@Suite struct ResultsTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  /// lr × seed; each job appends its metrics to XPERT_METRICS_FILE and prints a loss; the job
  /// with lr 0.01 and seed 3 fails after logging.
  static let sweep = """
    cmd = "sh job.sh {lr} {seed}"
    uid = "runs/lr{lr}/s{seed}"
    lr = [0.1, 0.01]
    seed = [1, 2, 3]
    model = "resnet"
    """

  static let job = """
    acc=$(echo "$1 $2" | awk '{print $1 * 5 + $2 / 100}')
    for step in 1 2; do
      echo "{\\"step\\": $step, \\"val_acc\\": $acc}" >> "$XPERT_METRICS_FILE"
    done
    echo "epoch 1 loss: 0.$2"
    [ "$1 $2" = "0.01 3" ] && exit 1
    exit 0
    """

  @Test func seedsAreAveragedAndEveryJobIsShown() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      try sandbox.write(Self.job, to: "job.sh")
      _ = try await xpert("s.toml", in: sandbox)
      let table = try await xpert("results", "s.toml", in: sandbox)
      #expect(table.status == 0, "\(table.stderr)")
      #expect(
        table.lines == [
          "same in every job: model=resnet",
          "each row averages the jobs of its configuration over seed: mean ± sd (n/N)",
          "lr    jobs                   val_acc                 loss",
          "0.1   3 completed            0.52 ± 0.01 (3/3)       0.2 ± 0.1 (3/3)",
          "0.01  2 completed, 1 failed  0.065 ± 0.007071 (2/3)  0.15 ± 0.07071 (2/3)",
        ], "the failed seed is left out of the averages: \(table.stdout)")
      let included = try await xpert("results", "s.toml", "--include", "failed", in: sandbox)
      #expect(
        included.lines[4] == "0.01  2 completed, 1 failed  0.07 ± 0.01 (3/3)  0.2 ± 0.1 (3/3)",
        "\(included.stdout)")
    }
  }

  @Test func everyFormatCarriesTheSameNumbers() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      try sandbox.write(Self.job, to: "job.sh")
      _ = try await xpert("s.toml", in: sandbox)
      let csv = try await xpert("results", "s.toml", "--format", "csv", in: sandbox)
      #expect(csv.lines.first == "lr,val_acc_mean,val_acc_sd,val_acc_n,loss_mean,loss_sd,loss_n")
      #expect(
        csv.lines.dropFirst().first?.hasPrefix("0.1,0.52,0.010000000000000009,3,") == true,
        "\(csv.stdout)")
      let tsv = try await xpert(
        "results", "s.toml", "--format", "tsv", "--no-group", "--sort", "val_acc:asc", "--top", "2",
        in: sandbox)
      #expect(tsv.lines.first == "uid\tstate\tlr\tseed\tval_acc\tloss", "sorted by val_acc: first")
      #expect(tsv.lines.count == 3)
      #expect(tsv.lines[1] == "runs/lr0.01/s1\tcompleted\t0.01\t1\t0.06\t0.1", "\(tsv.stdout)")
      let json = try await xpert("results", "s.toml", "--format", "json", in: sandbox)
      let document =
        try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
      #expect(document["replicate"] as? String == "seed")
      let rows = document["rows"] as! [[String: Any]]
      let metrics = rows[0]["metrics"] as! [String: [String: Any]]
      #expect(metrics["val_acc"]?["mean"] as? Double == 0.52)
      #expect(metrics["val_acc"]?["n"] as? Int == 3)
      let markdown = try await xpert("results", "s.toml", "--format", "md", in: sandbox)
      #expect(markdown.lines.first == "| lr | jobs | val_acc | loss |")
      #expect(markdown.lines[1] == "| --- | --- | --- | --- |")
    }
  }

  @Test func frameworkFilesAreFoundAtAnyDepth() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "true"
        uid = "o/{i}"
        i = [1]
        """, to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      try sandbox.write(#"{"test": {"f1": 0.75}, "name": "x"}"#, to: "o/1/metrics.json")
      try sandbox.write(
        "epoch,step,train_loss,val_acc\n0,49,0.7,\n0,99,,0.8\n1,149,0.5,\n",
        to: "o/1/lightning_logs/version_0/metrics.csv")
      try sandbox.write(
        #"{"log_history": [{"eval_loss": 0.9, "step": 10}, {"eval_loss": 0.4, "step": 20}]}"#,
        to: "o/1/out/checkpoint-20/trainer_state.json")
      let events = try Data(
        contentsOf: URL(fileURLWithPath: Self.fixtures + "/events.out.tfevents.1234.host"))
      try FileManager.default.createDirectory(
        atPath: sandbox.path + "/o/1/tb", withIntermediateDirectories: true)
      try events.write(
        to: URL(fileURLWithPath: sandbox.path + "/o/1/tb/events.out.tfevents.1234.host"))
      let result = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(result.status == 0, "\(result.stderr)")
      let header = result.lines[0].split(separator: ",").map(String.init)
      let values = result.lines[1].split(separator: ",", omittingEmptySubsequences: false).map(
        String.init)
      let row = Dictionary(uniqueKeysWithValues: zip(header, values))
      #expect(row["test.f1"] == "0.75", "\(result.stdout)")
      #expect(row["train_loss"] == "0.5" && row["val_acc"] == "0.8" && row["epoch"] == "1")
      #expect(row["eval_loss"] == "0.4")
      #expect(row["v/1"] == "1.5" && row["v/22"] == "16", "the TensorBoard file")
    }
  }

  @Test func aSecondCallReadsOnlyWhatChanged() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo acc: 0.{i}5\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let first = try await xpert("results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(first.lines == ["uid,state,i,acc", "o/1,completed,1,0.15", "o/2,completed,2,0.25"])
      // A file changed in the last 2 s is not cached yet (a coarse clock could hide a change).
      let deadline = ContinuousClock.now + .seconds(30)
      while !((try? sandbox.read("o/1/.xpert-metrics-cache"))?.contains("metric 1 0.15 ") ?? false)
      {
        try #require(ContinuousClock.now < deadline, "the cache never took the log")
        try await Task.sleep(for: .milliseconds(100))
        _ = try await xpert("results", "s.toml", in: sandbox)
      }
      // A cached source is not read again: a cache that says otherwise is believed ...
      let cache = try sandbox.read("o/1/.xpert-metrics-cache")
      #expect(cache.hasPrefix("xpert-metrics-cache 4\nspec rules "))
      try sandbox.write(
        cache.replacingOccurrences(of: "0.15", with: "0.125"), to: "o/1/.xpert-metrics-cache")
      let cached = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(cached.lines[1] == "o/1,completed,1,0.125", "\(cached.stdout)")
      // ... a source that grew is read again ...
      let log = logs(in: "o/2", of: sandbox).first { $0.hasPrefix("stdout") }!
      try sandbox.write("acc: 0.5\nacc: 0.75\n", to: "o/2/" + log)
      let grown = try await xpert("results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(grown.lines[2] == "o/2,completed,2,0.75", "\(grown.stdout)")
      // ... and so is one rewritten with the same size and modification time.
      let log1 = logs(in: "o/1", of: sandbox).first { $0.hasPrefix("stdout") }!
      let attributes = try FileManager.default.attributesOfItem(
        atPath: sandbox.path + "/o/1/" + log1)
      try sandbox.write("acc: 0.99\n", to: "o/1/" + log1 + ".new")
      try FileManager.default.setAttributes(
        [.modificationDate: attributes[.modificationDate]!],
        ofItemAtPath: sandbox.path + "/o/1/" + log1 + ".new")
      _ = rename(sandbox.path + "/o/1/" + log1 + ".new", sandbox.path + "/o/1/" + log1)
      let rewritten = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(rewritten.lines[1] == "o/1,completed,1,0.99", "\(rewritten.stdout)")
    }
  }

  @Test func aSweepInProgressAndAStaleJobShowWhatTheyHave() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc: 0.{i}; while [ ! -f release ]; do sleep 0.02; done"
        uid = "o/{i}"
        i = [1, 2]
        """, to: "s.toml")
      let run = try XpertProcess(["s.toml"], in: sandbox.path)
      try await waitUntil("both jobs logged") {
        ["o/1", "o/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("acc") }
      }
      let during = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(
        during.lines == ["uid,state,i,acc", "o/1,running,1,0.1", "o/2,running,2,0.2"],
        "\(during.stdout)")
      try sandbox.write("", to: "release")
      _ = try await run.finish()
      try sandbox.write(
        "cmd = \"echo acc: 0.{i}; echo changed\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      let stale = try await xpert("results", "s.toml", in: sandbox)
      #expect(stale.lines.last?.contains("stale") == true, "\(stale.stdout)")
      #expect(stale.lines.last?.hasSuffix("-") == true, "stale jobs are left out: \(stale.stdout)")
    }
  }

  @Test func badInputIsAWarningNamingTheFile() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo acc: 1\"\nuid = \"o/{i}\"\ni = [1]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      try sandbox.write(
        "{\"acc\": 2}\nnot json\n{\"loss\": 3}\nalso not\n", to: "o/1/metrics.jsonl")
      try sandbox.write("{\"broken\": ", to: "o/1/metrics.json")
      let result = try await xpert(
        "results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(result.status == 0)
      #expect(
        result.stderr.contains("o/1/metrics.jsonl:2: not a JSON object (nor are 1 more lines)"),
        "\(result.stderr)")
      #expect(
        result.stderr.contains("o/1/metrics.json: cannot be read as JSON"), "\(result.stderr)")
      #expect(
        result.lines == ["uid,state,acc,loss", "o/1,completed,2,3"],
        "the metrics file wins over the log: \(result.stdout)")
      let badSort = try await xpert("results", "s.toml", "--sort", "nope", in: sandbox)
      #expect(
        badSort.status == 2
          && badSort.stderr.contains("error: --sort nope: no job has a metric \"nope\""),
        "\(badSort.stderr)")
      #expect(!badSort.stderr.contains("Usage:"))
    }
  }

  @Test func theResultsTableNamesColumnsReducersPatternsFilesAndSourcesOff() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "printf 'loss: 0.9\\nloss: 0.{i}\\ntop-1 7{i}.5%%\\n'; mkdir -p $XPERT_UID/eval; echo '{{\\"f1\\": 0.{i}}}' > $XPERT_UID/eval/x.json"
        uid = "o/{i}"
        i = [1, 2]
        [results]
        metrics = ["loss:min", "loss:count", "top1", "f1"]
        patterns = ['top-1 (?P<top1>[0-9.]+)%']
        files = ["eval/*.json"]
        """, to: "s.toml")
      let run = try await xpert("s.toml", in: sandbox)
      #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
      let result = try await xpert(
        "results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(
        result.lines == [
          "uid,state,i,loss:min,loss:count,top1,f1", "o/1,completed,1,0.1,2,71.5,0.1",
          "o/2,completed,2,0.2,2,72.5,0.2",
        ], "\(result.stdout)\(result.stderr)")
      try sandbox.write(
        try sandbox.read("s.toml") + "\nignore = [\"logs\"]\n", to: "s.toml")
      let quiet = try await xpert("results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(
        quiet.lines.dropFirst().first == "o/1,completed,1,,,,0.1", "\(quiet.stdout)\(quiet.stderr)")
    }
  }

  @Test func theBestValueOfEachColumnIsBoldWithColour() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        "cmd = \"echo acc: 0.{i} loss: 0.{i}\"\nuid = \"o/{i}\"\ni = [1, 2, 3]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let result = try await xpert(
        "results", "s.toml", "--no-group", "--color", "always", in: sandbox,
        environment: ["NO_COLOR": ""])
      let bold = { (text: String) in "\u{1B}[1m" + text + "\u{1B}[0m" }
      #expect(result.lines[3].hasSuffix(bold("0.3") + "  0.3"), "largest acc: \(result.stdout)")
      #expect(result.lines[1].hasSuffix("0.1  " + bold("0.1")), "smallest loss: \(result.stdout)")
    }
  }

  @Test func aCacheOfTheFirstFormatIsReplaced() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"echo acc: 0.5\"\nuid = \"o/{i}\"\ni = [1]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let old = try String(
        contentsOfFile: Self.fixtures + "/metrics-cache-v1.json", encoding: .utf8)
      try sandbox.write(old, to: "o/1/.xpert-metrics-cache.json")
      let result = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(result.lines == ["uid,state,acc", "o/1,completed,0.5"], "\(result.stdout)")
      #expect(!sandbox.exists("o/1/.xpert-metrics-cache.json"))
      #expect(try sandbox.read("o/1/.xpert-metrics-cache").hasPrefix("xpert-metrics-cache 4"))
    }
  }

  @Test func eachAttemptHasItsOwnMetricsFile() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo '{{\\"loss\\": 0.9}}' >> $XPERT_METRICS_FILE; echo '{{\\"loss\\": NaN}}' >> $XPERT_METRICS_FILE"
        uid = "o/{i}"
        i = [1]
        """, to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let first = try await xpert("results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(
        first.lines == ["uid,state,loss", "o/1,completed,nan"],
        "json.dumps's NaN: \(first.stdout)\(first.stderr)")
      // The command changes; the rerun's metrics are the only ones read.
      try sandbox.write(
        try sandbox.read("s.toml").replacingOccurrences(
          of: #"echo '{{\"loss\": NaN}}' >> $XPERT_METRICS_FILE"#, with: "true"),
        to: "s.toml")
      let rerun = try await xpert("s.toml", "--rerun", "stale", in: sandbox)
      #expect(rerun.status == 0, "\(rerun.stdout)")
      let second = try await xpert(
        "results", "s.toml", "--format", "csv", "--no-group", "--sort", "loss:count", in: sandbox)
      #expect(
        second.lines == ["uid,state,loss:count,loss", "o/1,completed,1,0.9"], "\(second.stdout)")
      #expect(
        try sandbox.read("o/1/metrics.attempt-1.jsonl").contains("NaN"),
        "the first attempt's file is kept")
    }
  }

  @Test func aPatternAndTheLineRulesCountAValueOnce() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc=0.5 step=1; echo acc=0.75 step=2"
        uid = "o/{i}"
        i = [1]
        [results]
        metrics = ["acc:count", "acc:first"]
        patterns = ['acc=(?P<acc>[0-9.]+)']
        """, to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let result = try await xpert(
        "results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(
        result.lines == ["uid,state,acc:count,acc:first", "o/1,completed,2,0.5"], "\(result.stdout)"
      )
    }
  }

  @Test func tensorBoardRunsInSeveralFoldersKeepTheirTagsApart() async throws {
    try await withSandbox { sandbox in
      try sandbox.write("cmd = \"true\"\nuid = \"o/{i}\"\ni = [1]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let events = try Data(
        contentsOf: URL(fileURLWithPath: Self.fixtures + "/events.out.tfevents.1234.host"))
      for run in ["train", "validation"] {
        try FileManager.default.createDirectory(
          atPath: sandbox.path + "/o/1/logs/\(run)", withIntermediateDirectories: true)
        try events.write(
          to: URL(fileURLWithPath: sandbox.path + "/o/1/logs/\(run)/events.out.tfevents.1.host"))
        // The first call caches its walk; the folder that comes next is still found.
        if run == "train" {
          let one = try await xpert(
            "results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
          #expect(one.lines.first == "uid,state,v/1,v/22", "\(one.stdout)")
        }
      }
      let result = try await xpert(
        "results", "s.toml", "--format", "csv", "--no-group", in: sandbox)
      #expect(
        result.lines.first?.split(separator: ",").sorted()
          == ["state", "train/v/1", "train/v/22", "uid", "validation/v/1", "validation/v/22"],
        "\(result.stdout)")
    }
  }

  @Test func aQuickPlotInTheTerminal() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc: 0.{i}{seed} acc: 0.9{i}"
        uid = "o/{i}/{seed}"
        i = [1, 2, 4, 8]
        seed = [1, 2]
        """, to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let plot = try await xpert("results", "s.toml", "--plot", "acc:first", in: sandbox)
      #expect(plot.status == 0, "\(plot.stderr)")
      #expect(
        plot.lines.first == "acc:first against i (mean over seed), log scale", "\(plot.stdout)")
      #expect(
        plot.lines[1].hasPrefix("0.815 ┤") && plot.lines[12].hasPrefix("0.115 ┤"), "\(plot.stdout)")
      #expect(plot.lines[13].hasPrefix("      └─"))
      #expect(plot.lines[14].trimmingCharacters(in: .whitespaces).hasPrefix("1"))
      #expect(plot.lines[14].hasSuffix("8"))
      // The line rises from the bottom left to the top right.
      #expect(plot.lines[12].dropFirst(7).first != "\u{2800}" && plot.lines[1].last != "\u{2800}")
      let missing = try await xpert("results", "s.toml", "--plot", "acx", in: sandbox)
      #expect(missing.status == 2)
      #expect(
        missing.stderr.contains(
          "error: --plot acx: no job has a metric \"acx\" (did you mean \"acc\"?); the metrics are acc"
        ),
        "\(missing.stderr)")
      let reducer = try await xpert("results", "s.toml", "--plot", "acc:median", in: sandbox)
      #expect(
        reducer.status == 2 && reducer.stderr.contains("\"median\" is not a reducer"),
        "\(reducer.stderr)")
      let include = try await xpert(
        "results", "s.toml", "--include", "interrupted,stale", in: sandbox)
      #expect(include.status == 0, "\(include.stderr)")
    }
  }

  @Test func aNeverRunJobIsShownAndColumnsThatDoNotFitTheTerminalAreNamed() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo alpha_metric: 0.{i} beta_metric: 0.{i}1 gamma_metric: 0.{i}2"
        uid = "o/{i}"
        i = [1, 2]
        """, to: "s.toml")
      _ = try await xpert("s.toml", "--uid", "o/1", in: sandbox)
      let csv = try await xpert("results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(csv.lines.last == "o/2,new,2,,,", "\(csv.stdout)")
      // On a terminal 40 columns wide, the metrics that do not fit are named below the table.
      let terminal = try await XpertProcess.run(
        ["-qec", "\(BuiltProducts.path(of: "xpert")) results s.toml --no-group", "/dev/null"],
        in: sandbox.path, environment: ["COLUMNS": "40"], executable: "/usr/bin/script")
      #expect(
        terminal.stdout.contains("more metrics did not fit: ")
          || terminal.stdout.contains("1 more metric did not fit: "), "\(terminal.stdout)")
      let header = terminal.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix("uid") }
      #expect(
        header.map { $0.count <= 40 } == true, "the table fits 40 columns: \(terminal.stdout)")
    }
  }
}
