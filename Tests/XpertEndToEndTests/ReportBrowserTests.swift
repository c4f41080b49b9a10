import Foundation
import Testing
import XpertTestSupport

/// Debian's `chromium`, if it is installed (`.ci/run` installs it and sets
/// `XPERT_REQUIRE_CHROMIUM=1`, so that there a missing browser fails instead of skipping).
let chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
  FileManager.default.isExecutableFile(atPath: $0)
}

/// The report in a real browser: no script error, the plots drawn, the table sorted by a click.
@Suite(.enabled(if: chromiumPath != nil, "needs chromium (Debian's package)"))
struct ReportBrowserTests {
  @Test func thePageRunsInHeadlessChromiumWithoutErrors() async throws {
    try await withSandbox { sandbox in
      try sandbox.write(
        """
        cmd = "echo step=1 acc=0.{seed}{a}; echo step=2 acc=0.{b}{a}"
        uid = "o/{a}/{b}/{seed}"
        a = [1, 2, 4]
        b = [5, 7]
        seed = [1, 2]
        """, to: "sweep.toml")
      _ = try await xpert("sweep.toml", in: sandbox)
      _ = try await xpert("report", "sweep.toml", in: sandbox)
      // A copy that clicks the acc header once loaded: the rows come back sorted by acc.
      let page = try sandbox.read("sweep.report.html")
      try sandbox.write(
        page.replacingOccurrences(
          of: "</body>",
          with: "<script>document.querySelectorAll(\"table.results th\")[3].click()</script></body>"
        ),
        to: "clicked.html")
      let browser = try await XpertProcess.run(
        [
          "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
          "--dump-dom", "file://\(sandbox.path)/clicked.html",
        ], in: sandbox.path, executable: chromiumPath!, timeout: .seconds(120))
      #expect(browser.status == 0, "\(browser.stderr)")
      #expect(!browser.stderr.contains("Uncaught"), "a script error: \(browser.stderr)")
      let dom = browser.stdout
      #expect(
        dom.components(separatedBy: "<svg").count - 1 == 4,
        "a heatmap, two line plots and the learning curves")
      #expect(dom.contains("<polyline class=\"mean\""))
      #expect(dom.contains("<svg class=\"plot curves\"") && dom.contains("<path class=\"band\""))
      let accs = dom.components(separatedBy: "<td class=\"number\" data-value=\"").dropFirst().map {
        Double($0.prefix { $0 != "\"" })!
      }
      #expect(accs.count == 6 && accs == accs.sorted(), "sorted by the click: \(accs)")
    }
  }
}

@Suite struct ChromiumRequirement {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["XPERT_REQUIRE_CHROMIUM"] == "1"))
  func chromiumIsThereWhereItIsRequired() {
    #expect(chromiumPath != nil, "XPERT_REQUIRE_CHROMIUM=1, but chromium is not installed")
  }
}
