import Testing

@testable import XpertCore

@Suite struct RecordStateTests {
  static let hash = CommandHash.of("train")

  @Test(arguments: [
    (ObservedJob(marker: .absent, recordStatus: nil, lock: .none), JobState.new),
    (ObservedJob(marker: .legacy, recordStatus: nil, lock: .none), .completed),
    (ObservedJob(marker: .hash(hash), recordStatus: .completed, lock: .none), .completed),
    (ObservedJob(marker: .hash("fnv1a64:0"), recordStatus: .completed, lock: .none), .stale),
    (ObservedJob(marker: .absent, recordStatus: .failed, lock: .none), .failed),
    (ObservedJob(marker: .absent, recordStatus: .timedOut, lock: .none), .timedOut),
    (ObservedJob(marker: .absent, recordStatus: .running, lock: .held), .running),
    (ObservedJob(marker: .absent, recordStatus: .running, lock: .abandoned), .interrupted),
    (ObservedJob(marker: .absent, recordStatus: .running, lock: .none), .interrupted),
    (ObservedJob(marker: .absent, recordStatus: .completed, lock: .none), .new),
  ])
  func statesFollowFromTheMarkerTheLockAndTheRecord(observed: ObservedJob, expected: JobState) {
    #expect(observed.state(commandHash: Self.hash) == expected)
  }

  @Test func rerunPoliciesSelectTheRightJobs() {
    let all = JobState.allCases
    func selected(_ policies: Set<RerunPolicy>) -> [JobState] {
      all.filter { RerunPolicy.runs($0, policies: policies) }
    }
    #expect(selected([]) == [.new, .failed, .timedOut, .interrupted, .cancelled])
    #expect(selected([.failed]) == [.failed, .timedOut, .interrupted, .cancelled])
    #expect(selected([.stale]) == [.new, .failed, .timedOut, .interrupted, .stale, .cancelled])
    #expect(
      selected([.all]) == [.new, .completed, .failed, .timedOut, .interrupted, .stale, .cancelled])
  }

  @Test(arguments: [
    ("30s", 30.0), ("90m", 5400), ("2h", 7200), ("1h30m", 5400), ("1.5h", 5400), ("45", 45),
    ("1d", 86400),
  ])
  func durationsParse(text: String, seconds: Double) {
    #expect(DurationText.seconds(text) == seconds)
  }

  @Test(arguments: ["", "abc", "10x", "m", "0s", "-5s", "1h30"])
  func badDurationsAreRejected(text: String) {
    #expect(DurationText.seconds(text) == nil)
  }

  @Test func commandHashesDifferForDifferentCommands() {
    #expect(CommandHash.of("a") != CommandHash.of("b"))
    #expect(CommandHash.of("a") == CommandHash.of("a"))
    #expect(CommandHash.of("").hasPrefix("fnv1a64:") && CommandHash.of("").count == 24)
  }

  @Test func selectionMatchesKeysAndUidPatterns() throws {
    let job = Job(
      number: 1, group: 1, numberInGroup: 1, uid: "runs/lr0.1/s1", directory: "/w/runs/lr0.1/s1",
      command: "x", fields: [JobField(key: "lr", value: "0.1"), JobField(key: "seed", value: "1")])
    let cases: [([String], [String], Bool)] = [
      (["lr=0.1"], [], true), (["lr=0.2"], [], false), (["lr=0.2", "lr=0.1"], [], true),
      (["lr=0.1", "seed=2"], [], false), ([], ["runs/*"], true), ([], ["*/s2"], false),
      (["seed=1"], ["other/*", "runs/lr0.1/*"], true),
    ]
    for (only, uids, expected) in cases {
      let selection = try #require(JobSelection(only: only, uidPatterns: uids))
      #expect(selection.matches(job) == expected, "\(only) \(uids)")
    }
    #expect(JobSelection(only: ["novalue"], uidPatterns: []) == nil)
  }
}
