import Foundation
import TOML
import Testing

@testable import XpertCore

/// Every spec × value pair formatted by Xpert and by Python's `format()` (one python3 process),
/// compared: the same text, or an error on both sides.
@Suite struct FormatSpecDifferentialTests {
  static let values: [TOMLValue] = [
    .integer(0), .integer(1), .integer(-1), .integer(7), .integer(1_234_567), .integer(-98_765),
    .float(0), .float(1.5), .float(-2.25), .float(1e-05), .float(123_456.789), .float(1e16),
    .float(.infinity), .float(-.infinity), .float(.nan), .float(0.1), .float(2.5),
    .string("abc"), .string(""), .string("héllo"),
  ]

  static let specs: [String] = [
    "", "d", "5d", "05d", "+d", " d", "-d", "x", "X", "#x", "#X", "o", "#o", "b", "#b", ",", "_",
    "010,", "08,", "07_", "_x", ",x", "<5", ">5", "^5", "*^7", "0>5", "<010", ">010", "^010",
    "=+8", "e", ".1e", ".3E", "+.2e", "f", ".0f", ".2f", "012,.2f", "10.3f", "%", ".1%", "g",
    ".3g", "G", ".3", ".1", "10", "s", ">8s", ".2s", "05", "08s", "c", "n", "-", "x^-10", "+",
    "=10", ",d", ",.2f", "_b", "_o", ".2d", ",c", "#c",
  ]

  static func python(_ value: TOMLValue) -> String? {
    switch value {
    case .integer(let number): "int(\(number))"
    case .float(let number):
      number.isNaN
        ? "float('nan')"
        : number.isInfinite
          ? "float('\(number < 0 ? "-" : "")inf')"
          : number.debugDescription
    case .string(let text): "'" + text + "'"
    default: nil
    }
  }

  static func xpert(_ value: TOMLValue, _ spec: String) -> String {
    do {
      let template = try Template(parsing: "{v:\(spec)}")
      let resolved: JobResolver.Resolved =
        if case .string(let text) = value { .text(text) } else { .typed(value) }
      return try JobResolver.format(resolved, template.placeholders[0])
    } catch {
      return "<error>"
    }
  }

  @Test func formatSpecsAgreeWithPython() throws {
    var cases: [(TOMLValue, String)] = []
    var lines: [String] = []
    for value in Self.values {
      for spec in Self.specs {
        cases.append((value, spec))
        lines.append("(\(Self.python(value)!), \(String(reflecting: spec)))")
      }
    }
    let script = """
      import json, sys
      cases = [\(lines.joined(separator: ",\n"))]
      out = []
      for value, spec in cases:
          try:
              out.append(format(value, spec))
          except (ValueError, TypeError, OverflowError):
              out.append("<error>")
      json.dump(out, sys.stdout)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
      Issue.record("python3 is needed for this test: \(error)")
      return
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String])
    #expect(expected.count == cases.count)
    var mismatches: [String] = []
    for ((value, spec), want) in zip(cases, expected) {
      let got = Self.xpert(value, spec)
      if got != want {
        mismatches.append(
          "format(\(ValueRendering.literal(value)), \"\(spec)\"): python \(String(reflecting: want)), xpert \(String(reflecting: got))"
        )
      }
    }
    let report = "\(mismatches.count) of \(cases.count):\n" + mismatches.joined(separator: "\n")
    #expect(mismatches.isEmpty, "\(report)")
    #expect(expected.contains("00,000,001") && expected.contains("<error>"))
  }
}
