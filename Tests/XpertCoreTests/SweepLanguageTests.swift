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
}
