import Testing

@testable import XpertCore

@Suite struct MetricsParsingTests {
  static func pairs(_ line: String) -> [String] {
    LineMetrics.points(in: Substring(line)).map { point in
      "\(point.name)=\(point.value)" + (point.step.map { "@\($0)" } ?? "")
    }
  }

  @Test func wholeLineJSONObjectsAndTheirStep() {
    #expect(
      Self.pairs(#"{"step": 3, "val_acc": 0.91, "extra": {"f1": 0.8}, "tag": "x"}"#)
        == ["val_acc=0.91@3.0", "extra.f1=0.8@3.0"])
    #expect(Self.pairs(#"  {"loss": NaN}  "#) == ["loss=nan"], "json.dumps writes NaN bare")
  }

  @Test func huggingFaceDictLines() {
    #expect(
      Self.pairs("{'loss': 0.69, 'learning_rate': 5e-05, 'epoch': 0.5, 'name': 'x', 'ok': True}")
        == ["loss=0.69", "learning_rate=5e-05", "epoch=0.5"])
  }

  @Test func keyValuePairsByGuildsRules() {
    #expect(
      Self.pairs("epoch 3 loss: 0.25 acc=0.9, lr=1e-3 | step=40") == [
        "loss=0.25@40.0", "acc=0.9@40.0", "lr=0.001@40.0",
      ])
    #expect(
      Self.pairs("val_loss: nan train/loss=inf x=-INF") == [
        "val_loss=nan", "train/loss=inf", "x=-inf",
      ])
    #expect(Self.pairs("at 12:30:45 see http://host:80/x, time=12:30 acc=91% 3d=4").isEmpty)
    #expect(Self.pairs("Epoch 1/10: 100%|█| loss: 0.5") == ["loss=0.5"])
  }

  @Test func preamblesAndProseGiveNoFalseNumbers() {
    #expect(Self.pairs("Total params: 11,689,512 and Processed: 5,000 samples").isEmpty)
    #expect(Self.pairs("INFO:root:loss=0.5 step=3") == ["loss=0.5@3.0"])
    #expect(Self.pairs("so val_loss: 0.25. Then acc: 0.5.") == ["val_loss=0.25", "acc=0.5"])
  }

  @Test func dictLinesOfNumpyAndTorchValues() {
    #expect(
      Self.pairs(
        "{'eval_loss': 0.3, 'eval_accuracy': np.float64(0.9), 'x': [1, 2], 'g': tensor(2.5)}")
        == ["eval_loss=0.3", "eval_accuracy=0.9", "g=2.5"])
    #expect(
      LineMetrics.objectPoints(in: Array(#"{"step": 2, "loss": NaN, "acc": Infinity}"#.utf8)[...])?
        .map(\.name) == ["loss", "acc"], "json.dumps writes NaN bare")
  }

  @Test func kerasProgressLines() {
    #expect(
      Self.pairs(
        "1875/1875 [==============================] - 3s 1ms/step - loss: 0.2971 - accuracy: 0.9140 - val_loss: 0.1000"
      ) == ["loss=0.2971", "accuracy=0.914", "val_loss=0.1"])
  }

  @Test func ansiEscapesAreIgnored() {
    #expect(
      Self.pairs("\u{1B}[32mloss\u{1B}[0m: 0.5 \u{1B}[1macc=0.75\u{1B}[0m") == [
        "loss=0.5", "acc=0.75",
      ])
  }

  @Test func linesEndAtNewlinesAndCarriageReturnsAcrossChunks() {
    var splitter = LineSplitter(limit: 8)
    var lines: [String] = []
    for chunk in ["a: 1\rb: 2\n", "c: ", "3", "\r\n", "0123456789abc\nlast"] {
      splitter.feed(Array(chunk.utf8)) { lines.append(String(decoding: $0, as: UTF8.self)) }
    }
    splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
    #expect(lines == ["a: 1", "b: 2", "c: 3", "01234567", "last"])
  }

  @Test func lightningCSVWithEmptyCells() {
    var csv = MetricsCSV()
    let lines = ["epoch,step,train_loss,val_acc", "0,49,0.7,", "0,99,,0.8", "1,149,0.5,"]
    let points = lines.flatMap { csv.points(in: Substring($0)) }
    #expect(
      points.map(\.name) == ["epoch", "train_loss", "epoch", "val_acc", "epoch", "train_loss"])
    #expect(points.map(\.step) == [49, 49, 99, 99, 149, 149])
  }

  @Test func trainerStateLogHistory() throws {
    let state = try JSONParser.parse(
      #"{"log_history": [{"loss": 0.7, "epoch": 0.5, "step": 10}, {"eval_loss": 0.6, "step": 20}]}"#
    )
    let points = TrainerState.points(in: state)
    #expect(points.map(\.name) == ["loss", "epoch", "eval_loss"])
    #expect(points.map(\.step) == [10, 10, 20])
  }

  @Test func summariesReduceByStepWhenEveryPointHasOne() {
    var byStep = MetricSummary()
    for (value, step) in [(0.5, 3.0), (0.9, 1.0), (0.7, 3.0), (0.1, 2.0)] {
      byStep.add(value, step: step)
    }
    #expect(byStep.value(.last) == 0.7, "the later of two points of step 3")
    #expect(byStep.value(.first) == 0.9)
    #expect(byStep.value(.min) == 0.1 && byStep.value(.max) == 0.9)
    #expect(byStep.value(.count) == 4)
    #expect(abs(byStep.value(.mean)! - 0.55) < 1e-12)
    var inOrder = MetricSummary()
    inOrder.add(0.5, step: 3)
    inOrder.add(.nan, step: nil)
    inOrder.add(0.2, step: 1)
    #expect(inOrder.value(.last) == 0.2, "one point lacks a step: the order logged")
    #expect(inOrder.value(.first) == 0.5)
    #expect(inOrder.value(.max) == 0.5, "nan is left out of min and max")
    #expect(MetricSummary().value(.last) == nil && MetricSummary().value(.count) == 0)
  }

  @Test func theFirstSourceOfAMetricWins() {
    var first = SourceMetrics(name: "metrics.jsonl")
    first.add([MetricPoint(name: "acc", value: 0.9)])
    var second = SourceMetrics(name: "stdout")
    second.add([MetricPoint(name: "acc", value: 0.1), MetricPoint(name: "loss", value: 0.3)])
    var metrics = JobMetrics()
    metrics.merge(first)
    metrics.merge(second)
    #expect(metrics.value(of: MetricColumn(name: "acc")) == 0.9)
    #expect(metrics.origin == ["acc": "metrics.jsonl", "loss": "stdout"])
  }

  @Test func metricColumnsReadReducers() {
    #expect(MetricColumn("loss:min") == MetricColumn(name: "loss", reducer: .min))
    #expect(MetricColumn("val_acc") == MetricColumn(name: "val_acc"))
    #expect(
      MetricColumn("eval:acc") == MetricColumn(name: "eval:acc"), "not a reducer: part of the name")
    #expect(MetricColumn("") == nil && MetricColumn(":max") == nil)
  }
}

@Suite struct ResultsSpecTests {
  static func load(_ results: String) throws(ConfigError) -> ResultsSpec {
    let text = "cmd = \"true\"\nuid = \"o\"\n[results]\n" + results
    return try ConfigLoader(
      source: ConfigSource(path: "s.toml", bytes: Array(text.utf8)), expandGlob: { _ in [] }
    ).load().results
  }

  @Test func theTableIsRead() throws {
    let spec = try Self.load(
      """
      metrics = ["val_acc", "loss:min"]
      replicate = "trial"
      patterns = ['acc=(?P<acc>[0-9.]+)']
      files = ["eval/*.json"]
      ignore = ["logs", "tensorboard"]
      """)
    #expect(
      spec.metrics == [MetricColumn(name: "val_acc"), MetricColumn(name: "loss", reducer: .min)])
    #expect(spec.replicate == "trial" && spec.patterns.count == 1 && spec.files == ["eval/*.json"])
    #expect(spec.ignore == [.logs, .tensorboard])
  }

  @Test(arguments: [
    (
      "metrics = [\"loss:median\"]",
      "s.toml:4:12: error: results.metrics: \"loss:median\" is not a metric"
    ),
    (
      "patterns = ['acc=([0-9.]+)']",
      "s.toml:4:13: error: results.patterns: the pattern \"acc=([0-9.]+)\" cannot be used: it has no named group"
    ),
    ("patterns = ['(?P<acc>[0-9.]+']", "cannot be used: it is not a regular expression"),
    ("ignore = [\"stdout\"]", "unknown metrics source \"stdout\""),
    ("metric = [\"acc\"]", "unknown [results] key \"metric\"; did you mean \"metrics\"?"),
  ])
  func badSettingsAreConfigErrorsWithTheirPlace(setting: String, message: String) {
    do {
      _ = try Self.load(setting)
      Issue.record("accepted: \(setting)")
    } catch {
      #expect(error.description.contains(message), "\(error.description)")
    }
  }

  @Test func aTopLevelResultsKeyThatIsNoTableStaysAKey() throws {
    let text = "cmd = \"echo {results}\"\nuid = \"o\"\nresults = \"r.txt\"\n"
    let config = try ConfigLoader(
      source: ConfigSource(path: "s.toml", bytes: Array(text.utf8)), expandGlob: { _ in [] }
    ).load()
    #expect(config.defaults.map(\.key).contains("results"))
  }
}
