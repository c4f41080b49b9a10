import TOML
import Testing

@testable import XpertCore

/// Plans `toml` as if it were `sweep.toml` in `/work`, with a fake file system for globs.
func plan(_ toml: String, files: [String] = []) throws(ConfigError) -> [Job] {
  let source = ConfigSource(path: "sweep.toml", bytes: Array(toml.utf8))
  let loader = ConfigLoader(source: source) { pattern in
    let prefix = String(pattern.prefix { $0 != "*" })
    return files.filter { $0.hasPrefix(prefix) }.map { "/work/" + $0 }.sorted()
  }
  return try SweepPlanner.plan(
    loader.load(), context: PlanContext(workingDirectory: "/work", home: "/home/me"))
}

@Suite struct SweepTests {
  @Test func theOriginalExampleGivesFourJobsInTwoGroups() throws {
    let jobs = try plan(
      """
      cmd = 'python -c "print(1)"'
      uid = "xpert.logs/{index}"
      [[exp]]
      cmd = "echo job-{index} group-{name}; {cmd}"
      name = "group.1"
      index = [0, 1]
      [[exp]]
      cmd = "echo job-{index} group-{name}; {cmd}"
      uid = "{uid}/subgroup-{name}"
      name = 'group.2'
      index = [10, 20]
      """)
    #expect(
      jobs.map(\.uid) == [
        "xpert.logs/0", "xpert.logs/1", "xpert.logs/10/subgroup-group.2",
        "xpert.logs/20/subgroup-group.2",
      ])
    #expect(jobs[0].command == "echo job-0 group-group.1; python -c \"print(1)\"")
    #expect(jobs.map(\.group) == [1, 1, 2, 2])
    #expect(jobs.map(\.number) == [1, 2, 3, 4])
    #expect(jobs[3].directory == "/work/xpert.logs/20/subgroup-group.2")
  }

  @Test func theFirstAxisVariesSlowestAndInheritedAxesComeFirst() throws {
    let jobs = try plan(
      """
      uid = "r/{seed}-{a}-{b}"
      cmd = "x"
      seed = [1, 2]
      [[exp]]
      a = ["p", "q"]
      b = [true, false]
      """)
    #expect(
      jobs.map(\.uid) == [
        "r/1-p-true", "r/1-p-false", "r/1-q-true", "r/1-q-false",
        "r/2-p-true", "r/2-p-false", "r/2-q-true", "r/2-q-false",
      ])
    #expect(jobs[0].fields.map(\.key) == ["seed", "a", "b"])
  }

  @Test func aGroupValueOverridesTheTopLevelAxis() throws {
    let jobs = try plan(
      """
      uid = "r/{seed}"
      cmd = "x {seed}"
      seed = [1, 2, 3]
      [[exp]]
      seed = 9
      [[exp]]
      uid = "s/{seed}"
      """)
    #expect(jobs.map(\.uid) == ["r/9", "s/1", "s/2", "s/3"])
  }

  @Test func templatesResolveRecursivelyAndCmdSeesTheFinalUid() throws {
    let jobs = try plan(
      """
      uid = "~/runs/{tag}"
      tag = "{model}-lr{lr:.0e}"
      cmd = "train --out {uid} --tag {tag!q}"
      [[exp]]
      model = "bert base"
      lr = [0.001]
      """)
    #expect(jobs[0].uid == "/home/me/runs/bert base-lr1e-03")
    #expect(
      jobs[0].command == "train --out /home/me/runs/bert base-lr1e-03 --tag 'bert base-lr1e-03'")
    #expect(jobs[0].fields.first { $0.key == "tag" }?.value == "bert base-lr1e-03")
  }

  @Test func aConfigWithoutGroupsIsOneGroup() throws {
    let jobs = try plan(
      """
      cmd = "echo {x}"
      uid = "out/{x}"
      x = [1, 2]
      """)
    #expect(jobs.map(\.command) == ["echo 1", "echo 2"])
  }

  @Test func aSingleExpTableIsOneGroup() throws {
    let jobs = try plan(
      """
      [exp]
      cmd = "echo {x}"
      uid = "out/{x}"
      x = [1.5, 2.0]
      """)
    #expect(jobs.map(\.uid) == ["out/1.5", "out/2.0"])
  }

  @Test func aPathGlobIsAnAxisOverSortedAbsolutePaths() throws {
    let jobs = try plan(
      """
      cmd = "wc -l {data}"
      uid = "out/{n}"
      n = "{data}"
      data = { value = "data/*.csv", type = "path" }
      """, files: ["data/b.csv", "data/a.csv", "other.txt"])
    #expect(jobs.map(\.command) == ["wc -l /work/data/a.csv", "wc -l /work/data/b.csv"])
  }

  @Test func arraysAsAxisValuesRenderAsTOML() throws {
    let jobs = try plan(
      """
      cmd = "run --dims '{dims}'"
      uid = "out/{i}"
      i = [0, 1]
      [[exp]]
      dims = [[1, 2]]
      """)
    #expect(jobs[0].command == "run --dims '[1, 2]'")
  }

  @Test func fieldsOfAJobAreInAxisOrderWithResolvedValues() throws {
    let jobs = try plan(
      """
      cmd = "x"
      uid = "u/{b}"
      a = 1
      [[exp]]
      b = ["{a}!"]
      """)
    #expect(jobs[0].fields == [JobField(key: "a", value: "1"), JobField(key: "b", value: "1!")])
  }

  @Test func aReferencedTopLevelListStaysAnAxisOfTheGroup() throws {
    let jobs = try plan(
      """
      cmd = "x"
      uid = "o/{tag}"
      tag = ["a", "b"]
      [[exp]]
      tag = "{tag}-x"
      """)
    #expect(jobs.map(\.uid) == ["o/a-x", "o/b-x"])
    #expect(jobs[0].fields == [JobField(key: "tag", value: "a-x")])
  }
}
