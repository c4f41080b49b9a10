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
      #expect(page.components(separatedBy: "<svg").count - 1 == 2, "loss and acc against i")
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
