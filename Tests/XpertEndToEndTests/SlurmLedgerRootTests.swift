import Testing

@testable import XpertStore

@Suite struct SlurmLedgerRootTests {
  @Test(arguments: [
    (["/w/runs/a", "/w/runs/b"], "/w/runs"),
    (["/w/runs/a/1", "/w/runs/a/2", "/w/runs/b/1"], "/w/runs"),
    (["/w/runs/a", "/w/runsx/a"], "/w"),
    (["/w/runs/a", "/w/runs"], "/w"),
    (["/w/runs", "/w/runs/a"], "/w"),
    (["/w/r/a", "/w/r/a/b/c"], "/w/r"),
    (["/a", "/b"], "/"),
    (["/a/b", "/a/b"], "/a"),
    (["/x"], "/"),
  ])
  func theRootIsTheDeepestDirectoryHoldingEveryJob(directories: [String], root: String) {
    var found: String?
    for directory in directories { SlurmLedger.include(directory, in: &found) }
    #expect(found == root)
  }

  @Test(arguments: [
    ("/w/runs/a", "/w/runs", true), ("/w/runs", "/w/runs", false), ("/w/runsx", "/w/runs", false),
    ("/w/runs/", "/w/runs", false), ("/a", "/", true), ("/", "/", false),
  ])
  func belowMeansStrictlyInside(path: String, ancestor: String, below: Bool) {
    #expect(SlurmLedger.isBelow(path, ancestor) == below)
  }
}
