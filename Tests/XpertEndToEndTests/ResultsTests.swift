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
          "lr    jobs                   loss                  val_acc",
          "0.1   3 completed            0.2 ± 0.1 (3/3)       0.52 ± 0.01 (3/3)",
          "0.01  2 completed, 1 failed  0.15 ± 0.07071 (2/3)  0.065 ± 0.007071 (2/3)",
        ], "the failed seed is left out of the averages: \(table.stdout)")
      let included = try await xpert("results", "s.toml", "--include", "failed", in: sandbox)
      #expect(
        included.lines[4] == "0.01  2 completed, 1 failed  0.2 ± 0.1 (3/3)  0.07 ± 0.01 (3/3)",
        "\(included.stdout)")
    }
  }

  @Test func everyFormatCarriesTheSameNumbers() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(Self.sweep, to: "s.toml")
      try sandbox.write(Self.job, to: "job.sh")
      _ = try await xpert("s.toml", in: sandbox)
      let csv = try await xpert("results", "s.toml", "--format", "csv", in: sandbox)
      #expect(csv.lines.first == "lr,loss_mean,loss_sd,loss_n,val_acc_mean,val_acc_sd,val_acc_n")
      #expect(
        csv.lines.dropFirst().first?.hasSuffix(",3,0.52,0.010000000000000009,3") == true,
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
      #expect(markdown.lines.first == "| lr | jobs | loss | val_acc |")
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
      try sandbox.write("cmd = \"echo acc: 0.5\"\nuid = \"o/{i}\"\ni = [1, 2]\n", to: "s.toml")
      _ = try await xpert("s.toml", in: sandbox)
      let first = try await xpert("results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(first.lines == ["uid,state,i,acc", "o/1,completed,1,0.5", "o/2,completed,2,0.5"])
      #expect(sandbox.exists("o/1/.xpert-metrics-cache"))
      // A cached source is not read again: a cache that says otherwise is believed ...
      let cache = try sandbox.read("o/1/.xpert-metrics-cache")
      #expect(cache.hasPrefix("xpert-metrics-cache 2\n"))
      try sandbox.write(
        cache.replacingOccurrences(of: "0.5", with: "0.25"), to: "o/1/.xpert-metrics-cache")
      let cached = try await xpert(
        "results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(cached.lines[1] == "o/1,completed,1,0.25", "\(cached.stdout)")
      // ... and a source that grew is read again.
      let log = logs(in: "o/2", of: sandbox).first { $0.hasPrefix("stdout") }!
      try sandbox.write("acc: 0.5\nacc: 0.75\n", to: "o/2/" + log)
      let grown = try await xpert("results", "s.toml", "--no-group", "--format", "csv", in: sandbox)
      #expect(grown.lines[2] == "o/2,completed,2,0.75", "\(grown.stdout)")
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
      #expect(badSort.status != 0 && badSort.stderr.contains("no metric column \"nope\""))
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
      #expect(try sandbox.read("o/1/.xpert-metrics-cache").hasPrefix("xpert-metrics-cache 2"))
    }
  }
}
