import Testing

@testable import XpertCore

/// Issue 17's sweep language: ranges, zip, exclude, include.
@Suite struct SweepLanguageTests {
  /// The values of key `key` in each job, in plan order.
  static func values(_ jobs: [Job], _ key: String) -> [String] {
    jobs.map { job in job.fields.first { $0.key == key }?.value ?? "-" }
  }

  @Test(arguments: [
    ("{ type = \"range\", start = 10, stop = 50, step = 10 }", ["10", "20", "30", "40"]),
    ("{ type = \"range\", start = 3, stop = 0, step = -1 }", ["3", "2", "1"]),
    ("{ type = \"range\", start = 0, stop = 3 }", ["0", "1", "2"]),
    ("{ type = \"range\", start = 0.0, stop = 0.35, step = 0.1 }", ["0.0", "0.1", "0.2", "0.3"]),
    (
      "{ type = \"linspace\", start = 0.0, stop = 0.5, num = 6 }",
      ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"]
    ),
    ("{ type = \"linspace\", start = 1, stop = 2, num = 1 }", ["1.0"]),
    (
      "{ type = \"logspace\", start = 1e-4, stop = 1e-1, num = 4 }",
      ["0.0001", "0.001", "0.01", "0.1"]
    ),
    (
      "{ type = \"logspace\", start = 1, stop = 1000, num = 4 }",
      ["1.0", "10.0", "100.0", "1000.0"]
    ),
  ])
  func rangesGiveTheirValues(table: String, expected: [String]) throws {
    let jobs = try plan("cmd = \"echo {x}\"\nuid = \"o/{x}\"\nx = \(table)\n")
    #expect(Self.values(jobs, "x") == expected)
  }

  @Test func aRangeOfIntegersGivesIntegersThatFormatAsIntegers() throws {
    let jobs = try plan(
      "cmd = \"echo {ep:03d}\"\nuid = \"o/{ep}\"\nep = { type = \"range\", start = 1, stop = 3 }\n")
    #expect(jobs.map(\.command) == ["echo 001", "echo 002"])
  }

  @Test func zippedKeysVaryTogetherInThePlaceOfTheFirst() throws {
    let jobs = try plan(
      """
      cmd = "train {lr} {warmup} {model}"
      uid = "o/{model}/{lr}"
      lr = [0.1, 0.01, 0.001]
      model = ["s", "l"]
      warmup = [0, 100, 500]
      [sweep]
      zip = [["lr", "warmup"]]
      """)
    #expect(jobs.count == 6)
    #expect(
      jobs.map(\.command) == [
        "train 0.1 0 s", "train 0.1 0 l", "train 0.01 100 s", "train 0.01 100 l",
        "train 0.001 500 s", "train 0.001 500 l",
      ])
  }

  @Test func excludeDropsEveryJobThatMatchesAllItsKeys() throws {
    let jobs = try plan(
      """
      cmd = "train"
      uid = "o/{model}/{bs}/{seed}"
      model = ["small", "large"]
      bs = [32, 1024]
      seed = [1, 2]
      [sweep]
      exclude = [{ model = "large", bs = 1024 }, { seed = 2, model = "small" }]
      """)
    #expect(
      jobs.map(\.uid) == ["o/small/32/1", "o/small/1024/1", "o/large/32/1", "o/large/32/2"])
    #expect(jobs.map(\.numberInGroup) == [1, 2, 3, 4] && jobs.map(\.number) == [1, 2, 3, 4])
  }

  /// GitHub's documented example for `strategy.matrix.include`
  /// (docs.github.com, "Expanding or adding matrix configurations").
  @Test func includeFollowsGitHubActionsOnItsFruitAndAnimalExample() throws {
    let jobs = try plan(
      """
      cmd = "echo"
      uid = "o/{_index}"
      fruit = ["apple", "pear"]
      animal = ["cat", "dog"]
      [sweep]
      include = [
        { color = "green" },
        { color = "pink", animal = "cat" },
        { fruit = "apple", shape = "circle" },
        { fruit = "banana" },
        { fruit = "banana", animal = "cat" },
      ]
      """)
    let described = jobs.map { $0.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    #expect(
      described == [
        "fruit=apple animal=cat color=pink shape=circle",
        "fruit=apple animal=dog color=green shape=circle",
        "fruit=pear animal=cat color=pink",
        "fruit=pear animal=dog color=green",
        "fruit=banana",
        "fruit=banana animal=cat",
      ])
    #expect(jobs.map(\.uid) == (1...6).map { "o/\($0)" })
  }

  @Test func aRandomSearchIsTheSameEveryTimeAndMoreSamplesKeepTheFirst() throws {
    func search(_ samples: Int) throws -> [Job] {
      try plan(
        """
        cmd = "train {lr} {act} {layers} {drop}"
        uid = "o/{_hash}/{seed}"
        seed = [1, 2]
        lr = { type = "loguniform", low = 1e-5, high = 1e-1 }
        act = { type = "choice", values = ["relu", "gelu"] }
        layers = { type = "randint", low = 2, high = 8 }
        drop = { type = "uniform", low = 0.0, high = 0.5 }
        [sweep]
        samples = \(samples)
        sample_seed = 7
        """)
    }
    let five = try search(5)
    #expect(five.count == 10, "every sample once per seed")
    #expect(try search(5).map(\.command) == five.map(\.command), "the same jobs every time")
    #expect(
      Array(try search(8).prefix(10)).map(\.uid) == five.map(\.uid), "more samples keep these")
    #expect(Set(five.map(\.uid)).count == 10)
    for job in five {
      let value = { (key: String) in job.fields.first { $0.key == key }!.value }
      let lr = try #require(Double(value("lr")))
      let layers = try #require(Int(value("layers")))
      let drop = try #require(Double(value("drop")))
      #expect(lr >= 1e-5 && lr <= 1e-1)
      #expect((2...8).contains(layers), "randint: integers, both ends included")
      #expect(drop >= 0 && drop <= 0.5)
      #expect(["relu", "gelu"].contains(value("act")))
    }
    // Seeds of one sample share its draws.
    #expect(five[0].command == five[1].command && five[0].command != five[2].command)
  }

  @Test func randintReachesBothEnds() {
    let values = Set(
      (0..<200).map {
        RandomDistribution.randInt(low: 2, high: 4).draw(seed: 1, sample: $0, key: "k")
      })
    #expect(values == [.integer(2), .integer(3), .integer(4)])
  }

  @Test func theHashStaysWhileTheValuesDo() throws {
    let one = try plan("cmd = \"x\"\nuid = \"o/{_hash}\"\na = [1, 2]\n")
    let two = try plan("cmd = \"y\"\nuid = \"o/{_hash}\"\na = [2, 1, 3]\n")
    #expect(one[0].uid == two[1].uid && one[1].uid == two[0].uid)
    #expect(one[0].uid.count == "o/".count + 8)
  }

  /// Plans `toml` with `--set` arguments.
  static func planWith(_ toml: String, set overrides: [String]) throws(ConfigError) -> [Job] {
    let source = ConfigSource(path: "sweep.toml", bytes: Array(toml.utf8), overrides: overrides)
    return try SweepPlanner.plan(
      ConfigLoader(source: source) { _ in [] }.load(),
      context: PlanContext(workingDirectory: "/work", home: "/home/me"))
  }

  @Test func setReplacesAKeyWhereverTheFileSetsItOrAddsIt() throws {
    let toml = """
      cmd = "train {lr} {model}"
      uid = "o/{g}/{lr}"
      lr = [0.1, 0.01]
      model = "s"
      [[exp]]
      g = 1
      [[exp]]
      g = 2
      model = "l"
      """
    let jobs = try Self.planWith(toml, set: ["lr=0.5", "model=xl", "tag='a b'"])
    #expect(jobs.map(\.command) == ["train 0.5 xl", "train 0.5 xl"])
    #expect(jobs.allSatisfy { $0.fields.contains(JobField(key: "tag", value: "a b")) })
    let lists = try Self.planWith(toml, set: ["lr=[1, 2, 3]"])
    #expect(
      lists.map(\.command) == [
        "train 1 s", "train 2 s", "train 3 s", "train 1 l", "train 2 l", "train 3 l",
      ])
  }

  @Test(arguments: [
    (
      "lr=[0.1,",
      "--set:1:9: error: --set lr: expected a value in the array, found the end of the value"
    ),
    ("lr", "--set:1:1: error: --set takes KEY=VALUE"),
    (
      "a.b=1",
      "--set:1:1: error: --set takes a key of the jobs (letters, digits, _ and -), not \"a.b\""
    ),
    ("lr=[]", "--set:1:4: error: lr: the list is empty, so this group would have no jobs"),
    (
      "flags=1",
      "--set:1:1: error: --set sets a key of the jobs, and flags is the config's [flags] table"
    ),
  ])
  func aBadSetNamesItAndPointsIntoTheArgument(argument: String, expected: String) {
    do {
      _ = try Self.planWith("cmd = \"x\"\nuid = \"o/{lr}\"\nlr = [1, 2]\n", set: [argument])
      Issue.record("\(argument) was accepted")
    } catch {
      #expect(error.description.split(separator: "\n").first.map(String.init) == expected)
      #expect(error.description.contains(" 1 | " + argument))
    }
  }

  @Test func orderMakesTheNamedKeysVarySlowestAcrossGroups() throws {
    let jobs = try plan(
      """
      cmd = "x"
      uid = "o/{g}/{lr}/{seed}"
      seed = [1, 2]
      lr = [0.1, 0.01]
      [[exp]]
      g = "a"
      [[exp]]
      g = "b"
      lr = 0.5
      """)
    let arranged = RunOrder.arrange(jobs, by: ["seed"]).map(\.uid)
    #expect(
      arranged == [
        "o/a/0.1/1", "o/a/0.01/1", "o/b/0.5/1", "o/a/0.1/2", "o/a/0.01/2", "o/b/0.5/2",
      ])
    #expect(RunOrder.arrange(jobs, by: []).map(\.uid) == jobs.map(\.uid))
  }
}

/// Odd sweeps found by a review: errors, never a crash or a hang.
@Suite struct SweepLanguageEdgeTests {
  static func message(_ toml: String) -> String? {
    do {
      _ = try plan(toml)
      return nil
    } catch {
      return error.message
    }
  }

  @Test(arguments: [
    "{ type = \"range\", start = -5000000000000000000, stop = 5000000000000000000, step = 1000000000000000000 }",
    "{ type = \"range\", start = 0, stop = 9223372036854775807, step = 4611686018427387904 }",
    "{ type = \"range\", start = 5, stop = 0, step = -9223372036854775808 }",
    "{ type = \"range\", start = 0.0, stop = 1e20, step = 1.0 }",
    "{ type = \"range\", start = -1.7e308, stop = 1.7e308, step = 1e-300 }",
  ])
  func extremeRangesAreCountedWithoutOverflow(table: String) {
    let result = Result { () throws(ConfigError) in
      try plan("cmd = \"x\"\nuid = \"o/{i}\"\ni = \(table)\n")
    }
    switch result {
    case .success(let jobs): #expect(jobs.count <= SweepPlanner.maximumJobs)
    case .failure(let error): #expect(error.message.contains("range"), "\(error.message)")
    }
  }

  @Test func theIntegerRangeNearTheLimitsIsExact() throws {
    let jobs = try plan(
      "cmd = \"x\"\nuid = \"o/{i}\"\ni = { type = \"range\", start = -5000000000000000000, stop = 5000000000000000000, step = 1000000000000000000 }\n"
    )
    #expect(jobs.count == 10)
    #expect(jobs.last?.fields.first?.value == "4000000000000000000")
  }

  @Test func excludeAndIncludeCannotNameARandomKey() {
    let random = """
      cmd = "x"
      uid = "o/{_index}"
      act = { type = "choice", values = ["relu", "gelu"] }
      bs = [32, 1024]
      [sweep]
      samples = 2
      """
    #expect(
      Self.message(random + "\nexclude = [{ act = \"relu\", bs = 1024 }]\n")?.contains(
        "drawn at random") == true)
    #expect(
      Self.message(random + "\ninclude = [{ act = \"relu\", x = 1 }]\n")?.contains(
        "drawn at random") == true)
  }

  @Test func anExcludeOfEverythingAndAUidOnlyAnIncludeGivesAreErrors() {
    #expect(
      Self.message(
        "cmd = \"x\"\nuid = \"o/{m}\"\nm = [\"a\"]\n[sweep]\nexclude = [{ m = \"a\" }]\n")?
        .contains("drops every combination") == true)
    #expect(
      Self.message("cmd = \"x\"\nx = [1, 2]\n[sweep]\ninclude = [{ x = 3, uid = \"runs/x3\" }]\n")?
        .contains("has no uid") == true)
  }

  @Test func aOneValueListOfCmdServesAnIncludedJobOfItsOwn() throws {
    let jobs = try plan(
      "cmd = [\"echo {m}\"]\nuid = \"o/{m}\"\nm = [\"a\"]\n[sweep]\ninclude = [{ m = \"b\", n = 1 }]\n"
    )
    #expect(jobs.map(\.command) == ["echo a", "echo b"])
  }

  @Test func aHugeCrossProductWithASweepTableStopsAtOnce() {
    let huge = """
      cmd = "x"
      uid = "o/{a}/{b}/{c}"
      a = { type = "range", start = 0, stop = 5000 }
      b = { type = "range", start = 0, stop = 5000 }
      c = { type = "range", start = 0, stop = 5000 }
      [sweep]
      include = [{ a = -1 }]
      """
    #expect(Self.message(huge)?.contains("the sweep has more than 10000000 jobs") == true)
  }
}

/// Issue 18: `--only` and `--uid` as people type them.
@Suite struct SelectionTests {
  static let jobs = [0.1, 0.01, 0.001].map { lr in
    Job(
      number: 0, group: 1, numberInGroup: 0, uid: "runs/\(lr)", directory: "/work/runs/\(lr)",
      command: "x",
      fields: [JobField(key: "lr", value: "\(lr)"), JobField(key: "gpu", value: "0,1")])
  }

  static func uids(only: [String] = [], uid: [String] = []) -> [String] {
    let selection = JobSelection(only: only, uidPatterns: uid)!
    return jobs.filter(selection.matches).map(\.uid)
  }

  @Test func numbersCompareByValueAndCommasListValues() {
    #expect(Self.uids(only: ["lr=1e-2"]) == ["runs/0.01"])
    #expect(Self.uids(only: ["lr=0.01,0.1"]) == ["runs/0.1", "runs/0.01"])
    #expect(Self.uids(only: ["gpu=0,1"]).count == 3, "a value that holds a comma still matches")
    #expect(Self.uids(only: ["lr=0.5"]).isEmpty)
  }

  @Test func uidPatternsMayEndInASlashOrBeAbsolute() {
    #expect(Self.uids(uid: ["runs/0.1/"]) == ["runs/0.1"])
    #expect(Self.uids(uid: ["/work/runs/0.00*"]) == ["runs/0.001"])
  }
}
