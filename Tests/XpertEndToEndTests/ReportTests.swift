import Foundation
import Testing
import XpertCore
import XpertTestSupport

@testable import XpertReport

/// `xpert report`: a self-contained HTML page, and its SVG plots compared with golden files.
@Suite struct ReportTests {
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden")

  /// Compares `text` with the golden file `name`; `XPERT_UPDATE_GOLDEN=1` rewrites it.
  static func matchesGolden(_ text: String, _ name: String) throws -> Bool {
    let url = golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["XPERT_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return try String(contentsOf: url, encoding: .utf8) == text
  }

  @Test func aLinePlotDrawsTheSameSVGForTheSameData() throws {
    let plot = SVGLinePlot(
      title: "val_acc against lr (mean ± sd over seed)", xLabel: "lr", yLabel: "val_acc",
      series: [
        SVGLinePlot.Series(
          name: "model=resnet",
          points: [
            .init(x: "0.001", mean: 0.7, sd: 0.02, values: [0.68, 0.7, 0.72]),
            .init(x: "0.01", mean: 0.85, sd: 0.01, values: [0.84, 0.85, 0.86]),
            .init(x: "0.1", mean: 0.6, sd: nil, values: [0.6]),
          ]),
        SVGLinePlot.Series(
          name: "model=vit <b>",
          points: [
            .init(x: "0.001", mean: 0.65, sd: 0.05, values: [0.6, 0.7]),
            .init(x: "0.01", mean: 0.9, sd: 0, values: [0.9, 0.9]),
          ]),
      ])
    let svg = plot.svg
    #expect(try Self.matchesGolden(svg, "line-plot.svg"), "\(svg)")
    #expect(svg.contains("(log scale)"), "0.001, 0.01, 0.1 are spaced geometrically")
    #expect(svg.contains("model=vit &lt;b&gt;"), "text is escaped")
    #expect(svg.components(separatedBy: "class=\"replicate\"").count - 1 == 3 + 3 + 2 + 2)
    #expect(
      svg.components(separatedBy: "class=\"error\"").count - 1 == 3, "no bar for sd 0 or none")
  }

  @Test func aHeatmapDrawsTheSameSVGForTheSameData() throws {
    let heatmap = SVGHeatmap(
      title: "acc by lr and batch (mean over seed)", xKey: "lr", xValues: ["0.001", "0.01"],
      yKey: "batch", yValues: ["64", "32"],
      values: ["0.001": ["64": 0.5, "32": 0.9], "0.01": ["64": 0.7]])
    let svg = heatmap.svg
    #expect(try Self.matchesGolden(svg, "heatmap.svg"), "\(svg)")
    #expect(
      svg.contains(">0.9</text>") && svg.contains("class=\"empty\""), "values written, a gap shown")
    #expect(SVGHeatmap.colour(0).css == "#440154" && SVGHeatmap.colour(1).css == "#fde725")
    #expect(!SVGHeatmap.colour(0).darkText && SVGHeatmap.colour(1).darkText)
  }

  @Test func parallelCoordinatesDrawTheSameSVGForTheSameData() throws {
    let plot = SVGParallelCoordinates(
      title: "acc across lr, batch, model (mean over seed)", keys: ["lr", "batch", "model"],
      rows: [["0.001", "32", "resnet"], ["0.01", "64", "vit"], ["0.1", "32", "vit"]],
      metric: "acc", values: [0.7, 0.9, nil])
    let svg = plot.svg
    #expect(try Self.matchesGolden(svg, "parallel.svg"), "\(svg)")
    #expect(svg.components(separatedBy: "class=\"configuration\"").count - 1 == 3)
    #expect(svg.contains("stroke-dasharray"), "a configuration without the metric is dashed")
  }

  @Test func learningCurvesDrawTheSameSVGForTheSameData() throws {
    let plot = SVGCurvePlot(
      title: "loss by step (mean ± sd over seed)", xLabel: "step", yLabel: "loss",
      legendTitle: "lr, model",
      series: [
        SVGCurvePlot.Series(
          name: "0.01, vit",
          points: [
            .init(x: 0, mean: 1.2, sd: 0.1), .init(x: 500, mean: 0.6, sd: 0.05),
            .init(x: 1000, mean: 0.3, sd: nil),
          ]),
        SVGCurvePlot.Series(name: "0.1, <resnet>", points: [.init(x: 250, mean: 0.9, sd: 0)]),
      ])
    let svg = plot.svg
    #expect(try Self.matchesGolden(svg, "curves.svg"), "\(svg)")
    #expect(svg.components(separatedBy: "class=\"band\"").count - 1 == 1, "no band without sd")
    #expect(svg.contains("0.1, &lt;resnet&gt;") && svg.contains(">lr, model</text>"))
    #expect(svg.contains(">1000</text>"), "a numeric axis with ticks")
  }

  /// A job of an `lr × seed` sweep whose loss falls over `steps` from `start`.
  static func trainer(_ lr: Int, seed: Int, steps: Int = 10, start: Double = 1)
    -> ResultsTable.Entry
  {
    let job = Job(
      number: 0, group: 1, numberInGroup: 0, uid: "o/\(lr)/\(seed)", directory: "/x/\(lr)/\(seed)",
      command: "train",
      fields: [JobField(key: "lr", value: "\(lr)"), JobField(key: "seed", value: "\(seed)")])
    var source = SourceMetrics(name: "metrics.jsonl", keepsCurves: true)
    for step in 0..<steps {
      source.add([
        MetricPoint(
          name: "loss", value: start / Double(step + 1) + Double(seed) / 100,
          step: Double(step * 10))
      ])
    }
    var metrics = JobMetrics()
    metrics.merge(source)
    return ResultsTable.Entry(job: job, state: .completed, metrics: metrics)
  }

  @Test func learningCurvesAverageReplicatesAndShowTheBestEightConfigurations() throws {
    // Ten learning rates, the lower the loss the higher the rate; three seeds each.
    let entries = (1...10).flatMap { lr in
      (1...3).map { Self.trainer(lr, seed: $0, start: 1 / Double(lr)) }
    }
    let table = ResultsTable(entries, spec: ResultsSpec(), options: .init())
    // Only the curves of the jobs drawn are read: 8 configurations × 3 seeds.
    let needed = ReportCurves.needed(table, entries: entries, columns: [0])
    #expect(needed.count == 24 && needed.values.allSatisfy { $0 == ["loss"] })
    #expect(
      Set(needed.keys.map { entries[$0].job.fields[0].value }) == Set((3...10).map { "\($0)" }))
    let plots = ReportCurves.plots(table, entries: entries, columns: [0])
    let plot = try #require(plots.first)
    #expect(plots.count == 1)
    #expect(plot.title == "loss by step (mean ± sd over seed; best 8 of 10 by loss)")
    #expect(plot.series.map(\.name) == (3...10).reversed().map { "lr=\($0)" }, "best first")
    let first = try #require(plot.series.first?.points.first)
    #expect(first.x == 0)
    #expect(abs(first.mean - (0.1 + 0.02)) < 1e-12, "the mean over seeds 1, 2, 3")
    #expect(abs(first.sd! - 0.01) < 1e-12)
    #expect(plot.series[0].points.count == 10)
    // A job still running has fewer steps; a metric logged once is no curve.
    let partial = [Self.trainer(1, seed: 1), Self.trainer(1, seed: 2, steps: 4)]
    let short = try #require(
      ReportCurves.plots(
        ResultsTable(partial, spec: ResultsSpec(), options: .init()), entries: partial,
        columns: [0]
      ).first)
    #expect(short.series[0].points.prefix(4).allSatisfy { $0.sd != nil })
    #expect(short.series[0].points.dropFirst(4).allSatisfy { $0.sd == nil })
    // Hugging Face's lines: loss by epoch, and no plot of epoch by epoch.
    var hf = SourceMetrics(name: "stdout", keepsCurves: true)
    for epoch in 1...3 {
      hf.add([
        MetricPoint(name: "loss", value: 1 / Double(epoch)),
        MetricPoint(name: "epoch", value: Double(epoch) / 2),
      ])
    }
    var hfMetrics = JobMetrics()
    hfMetrics.merge(hf)
    let hfEntries = [ResultsTable.Entry(job: entries[0].job, state: .completed, metrics: hfMetrics)]
    let hfTable = ResultsTable(hfEntries, spec: ResultsSpec(), options: .init())
    let hfPlots = ReportCurves.plots(
      hfTable, entries: hfEntries, columns: Array(hfTable.columns.indices))
    #expect(hfPlots.map(\.title) == ["loss by epoch"], "\(hfTable.columns)")
    let once = [
      Self.trainer(1, seed: 1, steps: 1), Self.trainer(2, seed: 1, steps: 1, start: 2),
    ]
    #expect(
      ReportCurves.plots(
        ResultsTable(once, spec: ResultsSpec(), options: .init()), entries: once, columns: [0]
      ).isEmpty)
  }

  @Test func thePageIsSelfContainedAndShowsStatesTableAndPlots() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc: 0.{seed}{i} loss: 0.9{i}; echo loss: 0.1{i}"
        uid = "o/{i}/{seed}"
        i = [1, 2, 4]
        seed = [1, 2]
        """, to: "sweep.toml")
      _ = try await xpert("sweep.toml", in: sandbox)
      let result = try await xpert("report", "sweep.toml", in: sandbox)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.lines == ["wrote sweep.report.html: 6 jobs, 2 metrics"], "\(result.stdout)")
      let page = try sandbox.read("sweep.report.html")
      #expect(page.hasPrefix("<!DOCTYPE html>"))
      #expect(page.contains("6 jobs: <span class=\"state completed\">6 completed</span>"))
      #expect(
        page.components(separatedBy: "<svg").count - 1 == 3,
        "loss and acc against i, and loss, logged twice, by the n-th value logged")
      #expect(page.contains("loss by value logged (mean ± sd over seed)"))
      #expect(page.contains("<th>i</th><th>jobs</th>"))
      // Nothing is fetched from anywhere: no URL, no outside source, no web font.
      for outside in ["http://", "https://", "//", "src=", "href=", "@import", "url("] {
        #expect(!page.contains(outside), "the page names \(outside)")
      }
      let named = try await xpert(
        "report", "sweep.toml", "-o", "page.html", "--metric", "acc", in: sandbox)
      #expect(named.lines == ["wrote page.html: 6 jobs, 2 metrics"], "\(named.stdout)")
      #expect(try sandbox.read("page.html").components(separatedBy: "<svg").count - 1 == 1)
      let nowhere = try await xpert("report", "sweep.toml", "-o", "no/such/page.html", in: sandbox)
      #expect(
        nowhere.status == 1 && nowhere.stderr.contains("error: cannot write no/such/page.html"))
    }
  }

  @Test func aReportKeepsTheCurvesItDrawsAndReadsThemBack() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "for s in 1 2 3 4; do echo step=$((s * 10)) loss=0.{lr}{seed}$s; done"
        uid = "o/{lr}/{seed}"
        lr = [1, 2]
        seed = [1, 2]
        """, to: "sweep.toml")
      _ = try await xpert("sweep.toml", in: sandbox)
      _ = try await xpert("results", "sweep.toml", in: sandbox)
      let curves = "o/1/1/.xpert-metrics-curves"
      #expect(!sandbox.exists(curves), "results has no use for curves")
      // A report keeps each job's curves beside its cache, once its files are 2 s old.
      let deadline = ContinuousClock.now + .seconds(60)
      while !((try? sandbox.read(curves))?.contains("\ncurve 1 4 step ") ?? false) {
        try #require(ContinuousClock.now < deadline, "the report never kept the curves")
        try await Task.sleep(for: .milliseconds(100))
        let report = try await xpert("report", "sweep.toml", in: sandbox)
        #expect(report.status == 0, "\(report.stderr)")
      }
      let page = try sandbox.read("sweep.report.html")
      #expect(page.contains("<svg class=\"plot curves\""))
      #expect(page.contains("aria-label=\"loss by step (mean ± sd over seed)\""))
      #expect(page.contains("<path class=\"band\""), "two seeds that differ: a band")
      // The report reads the curves from the file, not the logs again.
      try sandbox.write(
        try sandbox.read(curves).replacingOccurrences(of: ",10.0,", with: ",10.0,5"), to: curves)
      _ = try await xpert("report", "sweep.toml", "-o", "again.html", in: sandbox)
      #expect(try sandbox.read("again.html") != page)
      // A curves file that is damaged is not believed: the logs are read again.
      try sandbox.write("xpert-metrics-curves 1\ngarbage\nend\n", to: curves)
      _ = try await xpert("report", "sweep.toml", "-o", "third.html", in: sandbox)
      #expect(try sandbox.read("third.html") == page)
      #expect(try sandbox.read(curves).contains("\ncurve 1 4 step "), "and kept again")
    }
  }

  @Test func watchRewritesThePageWhileJobsRunAndThenStops() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo acc: 0.{i}; while [ ! -f release ]; do sleep 0.02; done"
        uid = "o/{i}"
        i = [1, 2]
        """, to: "sweep.toml")
      let run = try XpertProcess(["sweep.toml"], in: sandbox.path)
      try await waitUntil("both jobs run") {
        ["o/1", "o/2"].allSatisfy { stdoutLog($0, of: sandbox).contains("acc") }
      }
      let watch = try XpertProcess(["report", "sweep.toml", "--watch", "1"], in: sandbox.path)
      try await waitUntil("the page reloads itself") {
        (try? sandbox.read("sweep.report.html"))?.contains(
          "<meta http-equiv=\"refresh\" content=\"1\">") ?? false
      }
      #expect(try sandbox.read("sweep.report.html").contains("2 running"))
      try sandbox.write("", to: "release")
      _ = try await run.finish()
      let watched = try await watch.finish()
      #expect(watched.status == 0, "\(watched.stderr)")
      let page = try sandbox.read("sweep.report.html")
      #expect(!page.contains("http-equiv"), "the last page, once no job runs, does not reload")
      #expect(page.contains("2 completed"))
    }
  }
}
